package loopback_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/internal/loopback"
)

// TestHost: localhost and the loopback addresses of both families are this
// machine; any other name or address, and a malformed one, are not.
func TestHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "127.0.0.1": true, "127.8.9.10": true, "::1": true,
		"": false, "10.0.0.1": false, "0.0.0.0": false, "::": false, "[::1]": false,
		"localhost.example": false, "LOCALHOST ": false, "db.internal": false,
	} {
		require.Equal(t, want, loopback.Host(host), host)
	}
}
