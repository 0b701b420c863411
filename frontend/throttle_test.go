package frontend

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestThrottleRefillsAndForgets: a bucket allows its limit at once,
// refills over the period, says how long to wait, and the throttle
// remembers a bounded number of addresses, forgetting the stalest first.
func TestThrottleRefillsAndForgets(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	th := newThrottle(4, 10*time.Minute, 3, func() time.Time { return now })
	for range 4 {
		ok, _ := th.allow("a")
		require.True(t, ok)
	}
	ok, wait := th.allow("a")
	require.False(t, ok)
	require.Equal(t, 150*time.Second, wait, "one start comes back every period/limit")
	now = now.Add(149 * time.Second)
	ok, _ = th.allow("a")
	require.False(t, ok)
	now = now.Add(time.Second)
	ok, _ = th.allow("a")
	require.True(t, ok)
	now = now.Add(time.Hour)
	for range 4 {
		ok, _ = th.allow("a")
		require.True(t, ok, "a bucket refills to its limit, not beyond")
	}
	ok, _ = th.allow("a")
	require.False(t, ok)

	for i := range 3 {
		th.allow(fmt.Sprint("b", i))
	}
	require.Len(t, th.buckets, 3)
	require.Equal(t, 3, th.recent.Len())
	require.NotContains(t, th.buckets, "a", "the least recently seen address is forgotten")

	var none *throttle = newThrottle(0, time.Minute, 3, time.Now)
	ok, _ = none.allow("a")
	require.True(t, ok, "no limit")
}

// TestClientKey: an IPv4 address is its own key; IPv6 addresses of one
// /64 share one.
func TestClientKey(t *testing.T) {
	t.Parallel()
	require.Equal(t, "192.0.2.7", clientKey("192.0.2.7"))
	require.Equal(t, "192.0.2.7", clientKey("::ffff:192.0.2.7"))
	require.Equal(t, clientKey("2001:db8:1:2::1"), clientKey("2001:db8:1:2:ffff::9"))
	require.NotEqual(t, clientKey("2001:db8:1:2::1"), clientKey("2001:db8:1:3::1"))
}
