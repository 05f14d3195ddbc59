package index

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// lockName is the file, inside the index directory, that names the writer.
//
// NOTE: the lock itself is bolt's flock on store/root.bolt, which the kernel
// releases when a process dies; oewg.lock only says who holds it. A stale
// oewg.lock (its process is dead, or it was left by a kill) therefore never
// blocks: Open overwrites it once it has the bolt lock.
const lockName = "oewg.lock"

// LockInfo is the content of oewg.lock.
type LockInfo struct {
	// PID is the holder's process id.
	PID int `json:"pid"`
	// Command is what the holder runs ("oewg ingest").
	Command string `json:"command"`
	// Since is when it opened the index.
	Since time.Time `json:"since"`
}

func (o Options) command() string {
	if o.Command != "" {
		return o.Command
	}
	c := filepath.Base(os.Args[0])
	if len(os.Args) > 1 && !strings.HasPrefix(os.Args[1], "-") {
		c += " " + os.Args[1]
	}
	return c
}

func writeLock(path, command string) error {
	b, err := json.Marshal(LockInfo{PID: os.Getpid(), Command: command, Since: time.Now().Round(time.Second)})
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func readLock(path string) (LockInfo, error) {
	var info LockInfo
	b, err := os.ReadFile(path)
	if err != nil {
		return info, err
	}
	err = json.Unmarshal(b, &info)
	return info, err
}

// pidAlive reports whether a process with this id exists.
func pidAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}
