// Package kdf runs SealDesk's slow key derivations (scrypt, RFC 7914) and
// counts them. Each one costs about 0.1 s and 32 MiB on purpose, so how many
// an act runs is what its time is made of (issue 18: one derivation per
// secret per act); the count lets tests and benchmarks see it without timing.
package kdf

import (
	"sync/atomic"

	"golang.org/x/crypto/scrypt"
)

var runs atomic.Int64

// Scrypt is scrypt.Key, counted.
func Scrypt(password, salt []byte, n, r, p, keyLen int) ([]byte, error) {
	runs.Add(1)
	return scrypt.Key(password, salt, n, r, p, keyLen)
}

// Runs is the number of derivations run by this process so far.
func Runs() int64 { return runs.Load() }
