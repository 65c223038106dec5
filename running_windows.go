package main

import (
	"syscall"
	"unsafe"
)

// runningMutex names the mutex every bgfetch.exe and bgfetch-cli.exe holds while it runs: the
// installer and the uninstaller (packaging/windows/bgfetch.nsi) look for it and refuse to replace or
// remove the program while a copy is running.
const runningMutex = "dev.bgfetch.devtools.running"

// markRunning creates (or opens) the mutex. Its handle stays open until the process exits, when
// Windows closes it; a failure only means the installer cannot tell, so it is ignored.
func markRunning() {
	name, err := syscall.UTF16PtrFromString(runningMutex)
	if err != nil {
		return
	}
	_, _, _ = syscall.NewLazyDLL("kernel32.dll").NewProc("CreateMutexW").Call(0, 0, uintptr(unsafe.Pointer(name)))
}
