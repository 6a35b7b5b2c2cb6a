// Package dockerfile checks the project's Dockerfile (see its test). It has
// no Go API.
package dockerfile
