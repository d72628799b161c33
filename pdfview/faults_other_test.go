//go:build !linux

package pdfview

import "os"

func minorFaults() int64 { return -1 }

func exitedFaults(*os.ProcessState) int64 { return -1 }
