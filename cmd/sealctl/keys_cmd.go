package main

import (
	"context"
	"fmt"
)

// keysCmd runs `sealctl keys list|pin change|bind`.
func (c *cli) keysCmd(ctx context.Context, args []string) int {
	fmt.Fprintln(c.stderr, "sealctl: keys: not implemented yet")
	return exitBadInput
}
