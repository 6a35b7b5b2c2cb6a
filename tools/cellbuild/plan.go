package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// A plan is what "go build -n" of a main package printed, once every
// dependency was in the build cache: the compiler's and linker's command
// lines for package main, the compiled file of every package it links, and
// the build information it embeds.
type plan struct {
	compile, link       []string
	compileEnv, linkEnv []string
	files               map[string]string // import path to compiled file
	modinfo             string            // unquoted, with its start and end markers
}

// parsePlan reads the output of "go build -n". It fails on anything it does
// not expect, such as a dependency still to be compiled.
func parsePlan(out string) (*plan, error) {
	p := &plan{files: make(map[string]string)}
	heredoc := ""
	for _, line := range strings.Split(out, "\n") {
		if heredoc != "" {
			if line == "EOF" {
				heredoc = ""
			} else if err := p.configLine(heredoc, line); err != nil {
				return nil, err
			}
			continue
		}
		if strings.HasPrefix(line, "cat >$WORK/b001/") && strings.HasSuffix(line, " << 'EOF' # internal") {
			heredoc = strings.TrimSuffix(strings.TrimPrefix(line, "cat >$WORK/b001/"), " << 'EOF' # internal")
			continue
		}
		if strings.HasPrefix(line, "cat >") {
			return nil, fmt.Errorf("unexpected file written: %s", line)
		}
		env, argv, err := splitCommand(line)
		if err != nil || len(argv) == 0 {
			continue // "mkdir", "cd", comments: not tools
		}
		switch tool := filepath.Base(argv[0]); tool {
		case "compile":
			if !hasPair(argv, "-p", "main") {
				return nil, fmt.Errorf("a dependency is not compiled yet: %.100s", line)
			}
			if p.compile != nil {
				return nil, errors.New("two compiler command lines for package main")
			}
			p.compile, p.compileEnv = argv, env
		case "link":
			if p.link != nil {
				return nil, errors.New("two linker command lines")
			}
			p.link, p.linkEnv = argv, env
		case "asm", "cgo", "gcc", "clang", "cc", "pack", "vet", "cover":
			return nil, fmt.Errorf("unexpected tool %s: %.100s", tool, line)
		}
	}
	switch {
	case p.compile == nil:
		return nil, errors.New("no compiler command line for package main")
	case p.link == nil:
		return nil, errors.New("no linker command line")
	case len(p.modinfo) < 32:
		return nil, errors.New("no build information for the linker")
	}
	return p, nil
}

// configLine reads a line of the compiler's (importcfg) or the linker's
// (importcfg.link) configuration for package main. cellbuild writes both
// itself, from the compiled files and the build information alone: any
// other line (an importmap, say) makes a plan it cannot replay.
func (p *plan) configLine(name, line string) error {
	verb, arg, _ := strings.Cut(line, " ")
	switch {
	case name == "importcfg" && line == "# import config":
	case (name == "importcfg" || name == "importcfg.link") && verb == "packagefile":
		path, file, ok := strings.Cut(arg, "=")
		if !ok || p.files[path] != "" && p.files[path] != file {
			return fmt.Errorf("%s: %.100s", name, line)
		}
		p.files[path] = file
	case name == "importcfg.link" && verb == "modinfo":
		s, err := strconv.Unquote(arg)
		if err != nil {
			return fmt.Errorf("modinfo line: %v", err)
		}
		p.modinfo = s
	default:
		return fmt.Errorf("unexpected line in %s: %.100s", name, line)
	}
	return nil
}

func hasPair(argv []string, a, b string) bool {
	for i := 0; i+1 < len(argv); i++ {
		if argv[i] == a && argv[i+1] == b {
			return true
		}
	}
	return false
}

// splitCommand splits a command line as the go command prints it: leading
// NAME='value' or NAME="quoted" variables, then words that are bare or
// quoted in Go's syntax.
func splitCommand(line string) (env, argv []string, err error) {
	s := line
	for {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			return env, argv, nil
		}
		if argv == nil {
			if name, rest, ok := envPrefix(s); ok {
				var v string
				switch {
				case strings.HasPrefix(rest, "'"):
					end := strings.IndexByte(rest[1:], '\'')
					if end < 0 {
						return nil, nil, errors.New("unterminated quote")
					}
					v, s = rest[1:1+end], rest[2+end:]
				case strings.HasPrefix(rest, `"`):
					q, err := strconv.QuotedPrefix(rest)
					if err != nil {
						return nil, nil, err
					}
					v, _ = strconv.Unquote(q)
					s = rest[len(q):]
				default:
					return nil, nil, errors.New("unquoted variable")
				}
				env = append(env, name+"="+v)
				continue
			}
		}
		if s[0] == '"' {
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return nil, nil, err
			}
			w, _ := strconv.Unquote(q)
			argv = append(argv, w)
			s = s[len(q):]
			continue
		}
		end := strings.IndexByte(s, ' ')
		if end < 0 {
			end = len(s)
		}
		argv = append(argv, s[:end])
		s = s[end:]
	}
}

// envPrefix recognizes NAME= followed by a quote at the start of s.
func envPrefix(s string) (name, rest string, ok bool) {
	i := 0
	for i < len(s) && (s[i] == '_' || 'A' <= s[i] && s[i] <= 'Z' || 'a' <= s[i] && s[i] <= 'z' || i > 0 && '0' <= s[i] && s[i] <= '9') {
		i++
	}
	if i == 0 || i+1 >= len(s) || s[i] != '=' || s[i+1] != '\'' && s[i+1] != '"' {
		return "", "", false
	}
	return s[:i], s[i+1:], true
}
