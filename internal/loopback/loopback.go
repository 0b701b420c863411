// Package loopback tells whether a host is this machine. Plain http to the
// registry or the provider, and every bench tool (the load tool, the
// seeder), are allowed only there: nothing of the kind may reach, or be
// pointed at, another machine by mistake.
package loopback

import "net"

// Host reports whether host — a URL's Hostname(), without port or
// brackets — is "localhost" or a loopback IP address (127.0.0.0/8, ::1).
func Host(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
