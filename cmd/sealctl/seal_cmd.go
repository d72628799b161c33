package main

import (
	"context"
	"fmt"
)

// sealCmd runs `sealctl seal make|list|show|export|import|suspend|resume|revoke|reissue`.
func (c *cli) sealCmd(ctx context.Context, args []string) int {
	fmt.Fprintln(c.stderr, "sealctl: seal: not implemented yet")
	return exitBadInput
}
