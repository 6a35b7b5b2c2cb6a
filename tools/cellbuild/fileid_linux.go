package main

import (
	"os"
	"syscall"
)

// fileID returns a file's inode number and change time (nanoseconds).
func fileID(fi os.FileInfo) (ino uint64, ctime int64) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ino, st.Ctim.Nano()
	}
	return 0, 0
}
