//go:build !windows

package main

// markRunning is for the Windows installer (running_windows.go); elsewhere there is nothing to mark.
func markRunning() {}
