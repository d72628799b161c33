// Package secret reads a password or PIN from the terminal with echo off.
package secret

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// ErrNoTerminal means there is no terminal to ask and no environment variable was set.
var ErrNoTerminal = errors.New("secret: no terminal to ask on")

// Read returns the value of env when set; otherwise it prints prompt on stderr
// and reads one line from the terminal with echo off.
func Read(env, prompt string) (string, error) {
	if v, ok := os.LookupEnv(env); ok {
		return v, nil
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return "", fmt.Errorf("%w (set %s)", ErrNoTerminal, env)
	}
	defer tty.Close()
	fmt.Fprint(os.Stderr, prompt)
	restore, err := echoOff(tty)
	if err != nil {
		return "", fmt.Errorf("%w (set %s): %v", ErrNoTerminal, env, err)
	}
	line, err := readLine(tty)
	restore()
	fmt.Fprintln(os.Stderr)
	return line, err
}

func readLine(r io.Reader) (string, error) {
	s, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && s != "") {
		return "", fmt.Errorf("read from terminal: %w", err)
	}
	return strings.TrimRight(s, "\r\n"), nil
}
