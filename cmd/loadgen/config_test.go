package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestLoopbackOnly: only a bare http(s) base URL on a loopback host is a
// target; anything else is refused with exit code 2 and says why.
func TestLoopbackOnly(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"http://127.0.0.1:8080", "http://127.0.0.1:8080/", "https://localhost:8443", "http://[::1]:18090", "http://127.9.9.9"} {
		require.NoError(t, checkLoopback(ok), ok)
	}
	for _, bad := range []string{"http://10.0.0.1:8080", "http://192.168.1.2", "http://0.0.0.0:8080", "http://[::]:80",
		"http://contactd.invalid", "ftp://127.0.0.1", "127.0.0.1:8080", "http://u:p@127.0.0.1", "http://127.0.0.1/app", ""} {
		require.Error(t, checkLoopback(bad), bad)
	}
	var stderr bytes.Buffer
	require.Equal(t, 2, run(t.Context(), []string{"-url", "http://10.1.2.3:8080"}, &bytes.Buffer{}, &stderr))
	require.Contains(t, stderr.String(), "loopback only")
}

// TestLoopbackDial: the dialer itself refuses an address off loopback,
// whatever a name resolved to or a redirect pointed at.
func TestLoopbackDial(t *testing.T) {
	t.Parallel()
	require.NoError(t, loopbackOnly("tcp", "127.0.0.1:80", nil))
	require.NoError(t, loopbackOnly("tcp6", "[::1]:80", nil))
	require.ErrorIs(t, loopbackOnly("tcp", "10.0.0.1:80", nil), errNotLoopback)
}

// TestConfigValidate: a run must be bounded, and each mistake is named.
func TestConfigValidate(t *testing.T) {
	t.Parallel()
	require.NoError(t, defaults().Validate())
	c := defaults()
	c.Duration, c.Requests = 0, 0
	require.ErrorContains(t, c.Validate(), "must be bounded")
	c = defaults()
	c.Duration, c.Requests = 0, 100
	require.NoError(t, c.Validate(), "a count alone bounds it")
	c = defaults()
	c.Agents, c.Format, c.Mix = 0, "xml", Mix{}
	err := c.Validate()
	for _, want := range []string{"-agents", "-format", "-mix"} {
		require.ErrorContains(t, err, want)
	}
	cfg, err := parseConfig([]string{"-agents", "3", "-think", "0", "-duration", "2s", "-mix", "back=1,front=2"}, &bytes.Buffer{})
	require.NoError(t, err)
	require.Equal(t, Mix{Front: 2, Back: 1}, cfg.Mix)
	require.Equal(t, 2*time.Second, cfg.Duration)
	require.Zero(t, cfg.Think)
}

// TestMix: the flag's syntax, and roles dealt in proportion and spread
// evenly.
func TestMix(t *testing.T) {
	t.Parallel()
	var m Mix
	require.NoError(t, m.Set("front=7,back=2,adviser=1"))
	require.Equal(t, "front=7,back=2,adviser=1", m.String())
	for _, bad := range []string{"front=-1", "cashier=2", "front", "front=x"} {
		require.Error(t, (&Mix{}).Set(bad), bad)
	}
	count := func(roles []role) map[role]int {
		n := map[role]int{}
		for _, r := range roles {
			n[r]++
		}
		return n
	}
	require.Equal(t, map[role]int{roleFront: 14, roleBack: 4, roleAdviser: 2}, count(m.roles(20)))
	require.Equal(t, map[role]int{roleFront: 140, roleBack: 40, roleAdviser: 20}, count(m.roles(200)))
	require.Equal(t, []role{roleFront, roleBack, roleAdviser, roleFront}, Mix{Front: 2, Back: 1, Adviser: 1}.roles(4))
	require.Equal(t, []role{roleBack, roleBack}, Mix{Back: 1}.roles(2))
}
