//go:build !linux

package secret

import (
	"errors"
	"os"
)

func echoOff(*os.File) (func(), error) {
	return nil, errors.New("echo control is only implemented on Linux")
}
