// Package kdf runs SealDesk's slow key derivations (scrypt, RFC 7914) and
// counts them. Each one costs about 0.1 s and 32 MiB on purpose, so how many
// an act runs is what its time is made of (issue 18: one derivation per
// secret per act); the count lets tests and benchmarks see it without timing.
package kdf

import (
	"sync/atomic"
	"time"

	"golang.org/x/crypto/scrypt"
)

var runs, nanos atomic.Int64

// Scrypt is scrypt.Key, counted and timed.
func Scrypt(password, salt []byte, n, r, p, keyLen int) ([]byte, error) {
	start := time.Now()
	k, err := scrypt.Key(password, salt, n, r, p, keyLen)
	runs.Add(1)
	nanos.Add(int64(time.Since(start)))
	return k, err
}

// Spent is the time spent in derivations by this process so far.
func Spent() time.Duration { return time.Duration(nanos.Load()) }

// Runs is the number of derivations run by this process so far.
func Runs() int64 { return runs.Load() }
