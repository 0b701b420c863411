package frontend

import (
	"container/list"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// DefaultSignInLimit is how many sign-ins a client address may start in
// signInPeriod. A sign-in under way is stored until it ends or expires
// (after the same ten minutes), so the limit also bounds what one address
// can make the database hold. It is generous on purpose: a contact centre
// signs its agents in from one office address at the start of a shift, and
// loadgen signs in 200 agents from loopback.
const DefaultSignInLimit = 300

// signInPeriod is the time over which the limit refills, the lifetime of
// a sign-in under way.
const signInPeriod = 10 * time.Minute

// throttleAddresses bounds the addresses a throttle remembers; past it,
// the one seen least recently is forgotten (and starts afresh if it comes
// back).
const throttleAddresses = 10_000

// throttle is a token bucket per client address: limit starts at once,
// refilled at limit per period. It lives in memory, per process: with
// several replicas each allows the limit, which still bounds the work.
type throttle struct {
	limit  float64
	period time.Duration
	max    int
	now    func() time.Time

	mu      sync.Mutex
	buckets map[string]*list.Element // of *bucket
	recent  *list.List               // most recently used first
}

type bucket struct {
	key    string
	tokens float64
	at     time.Time
}

// newThrottle returns a throttle of limit per period remembering at most
// max addresses, or nil (no limit) when limit is not positive.
func newThrottle(limit int, period time.Duration, max int, now func() time.Time) *throttle {
	if limit <= 0 {
		return nil
	}
	return &throttle{limit: float64(limit), period: period, max: max, now: now,
		buckets: map[string]*list.Element{}, recent: list.New()}
}

// allow takes one start for key. When none is left it says how long until
// the next one.
func (t *throttle) allow(key string) (ok bool, wait time.Duration) {
	if t == nil {
		return true, 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	b := t.bucket(key, now)
	elapsed := now.Sub(b.at).Seconds()
	b.tokens = math.Min(t.limit, b.tokens+elapsed*t.limit/t.period.Seconds())
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * float64(t.period) / t.limit)
}

// bucket finds or makes key's bucket, marks it most recently used, and
// forgets the least recently used address past the bound.
func (t *throttle) bucket(key string, now time.Time) *bucket {
	if e, ok := t.buckets[key]; ok {
		t.recent.MoveToFront(e)
		return e.Value.(*bucket)
	}
	b := &bucket{key: key, tokens: t.limit, at: now}
	t.buckets[key] = t.recent.PushFront(b)
	for t.recent.Len() > t.max {
		oldest := t.recent.Back()
		delete(t.buckets, oldest.Value.(*bucket).key)
		t.recent.Remove(oldest)
	}
	return b
}

// clientKey is the throttle's key of a client address: the address, or
// its /64 network for IPv6, since one host commonly holds a whole /64.
func clientKey(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil {
		return addr
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// throttleSignIn refuses a sign-in start beyond the client address's
// allowance with 429 and Retry-After, before anything is stored or the
// provider is asked; it says whether the start may go on.
func (s *Server) throttleSignIn(c *gin.Context) bool {
	ok, wait := s.signIns.allow(clientKey(c.ClientIP()))
	if ok {
		return true
	}
	secs := int(math.Ceil(wait.Seconds()))
	c.Header("Retry-After", strconv.Itoa(secs))
	// No address in the application log: it is personal data.
	s.log.WarnContext(c.Request.Context(), "sign-in starts throttled", "request_id", requestID(c))
	s.renderError(c, problem{Status: http.StatusTooManyRequests, Code: "rate_limited", Title: "Too many sign-ins",
		Detail: fmt.Sprintf("Too many sign-ins were started from your network address. Try again in %d seconds.", secs)})
	c.Abort()
	return false
}
