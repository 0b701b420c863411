// Package browsertest drives the system's Chromium headless through the
// DevTools protocol (chromedp), so page tests run in a real browser: real
// cookies, real redirects, the real Content-Security-Policy.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// EnvChrome names the browser to use; otherwise PATH is searched.
const EnvChrome = "CONTACTD_CHROME"

// EnvRequireAll makes a missing browser fail the test instead of skipping
// it; scripts/test sets it, so CI never passes with browser tests skipped.
const EnvRequireAll = "CONTACTD_TEST_REQUIRE_ALL"

// Find returns the browser's path, or "".
func Find() string {
	if p := os.Getenv(EnvChrome); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless browser with a fresh profile for the test and
// returns a context to run chromedp actions in, bounded by timeout.
func New(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	path := Find()
	if path == "" {
		if os.Getenv(EnvRequireAll) != "" {
			t.Fatalf("browsertest: no Chromium found (set %s or install chromium; ./scripts/test does)", EnvChrome)
		}
		t.Skipf("browsertest: no Chromium found; ./scripts/test installs it")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("lang", "en-GB"),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(actx)
	// The first action starts the browser on a context without a deadline:
	// a deadline there would bound the browser's whole life.
	if err := chromedp.Do(browser); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("browsertest: start %s: %v", path, err)
	}
	ctx, cancelTimeout := context.WithTimeout(browser, timeout)
	t.Cleanup(func() { cancelTimeout(); cancelBrowser(); cancelAlloc() })
	return ctx
}

// EnvAxe names axe-core's axe.min.js (from npm); scripts/test installs it.
const EnvAxe = "CONTACTD_AXE"

// AxeViolation is one accessibility rule a page breaks.
type AxeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  int    `json:"nodes"`
}

// Axe runs axe-core on the page the browser shows and returns the rules it
// breaks at serious or critical impact (WCAG 2.1 A and AA).
func Axe(t *testing.T, ctx context.Context) []AxeViolation {
	t.Helper()
	path := os.Getenv(EnvAxe)
	src, err := os.ReadFile(path)
	if path == "" || err != nil {
		if os.Getenv(EnvRequireAll) != "" {
			t.Fatalf("browsertest: axe-core not found (%s=%q); ./scripts/test installs it", EnvAxe, path)
		}
		t.Skipf("browsertest: axe-core not found; ./scripts/test installs it")
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
		t.Fatalf("browsertest: load axe-core: %v", err)
	}
	const run = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
		.then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
		.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length})))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[[]AxeViolation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("browsertest: run axe-core: %v", err)
	}
	return out
}
