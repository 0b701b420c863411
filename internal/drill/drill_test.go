package drill

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/internal/testdb"
)

func TestMain(m *testing.M) {
	if url := os.Getenv(workerEnv); url != "" {
		os.Exit(workerProcess(url)) // this binary, started again as a drill's River worker
	}
	testdb.Main(m)
}

// drillSeconds is how long a load drill drives contactd: 12 s unless
// CONTACTD_DRILL_SECONDS says otherwise (a longer run, by hand).
func drillSeconds(t *testing.T) time.Duration {
	s := os.Getenv("CONTACTD_DRILL_SECONDS")
	if s == "" {
		return 12 * time.Second
	}
	n, err := strconv.Atoi(s)
	require.NoError(t, err, "CONTACTD_DRILL_SECONDS")
	require.GreaterOrEqual(t, n, 6, "CONTACTD_DRILL_SECONDS: at least 6, to kill and restart in the middle")
	return time.Duration(n) * time.Second
}

// build compiles a command of the module into dir and returns its path.
func build(t *testing.T, dir, pkg string) string {
	t.Helper()
	out := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.Command(goTool(), "build", "-o", out, "contactd/"+pkg)
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build %s: %s", pkg, b)
	return out
}

func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(os.Getenv("GOROOT"), "bin", "go")
}

// proc is a process this test started; it is ended by its pid, never by
// name, and killed at the end of the test if it still runs.
type proc struct {
	cmd   *exec.Cmd
	ended chan struct{} // closed once the process is gone …
	err   error         // … with how it ended
}

// start runs name with args, its standard output scanned line by line by
// onLine (when set) and both outputs kept in logFile.
func start(t *testing.T, logFile string, onLine func(string), env []string, name string, args ...string) *proc {
	t.Helper()
	log, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	require.NoError(t, err)
	t.Cleanup(func() { log.Close() })
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = log
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	p := &proc{cmd: cmd, ended: make(chan struct{})}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			fmt.Fprintln(log, sc.Text())
			if onLine != nil {
				onLine(sc.Text())
			}
		}
		io.Copy(io.Discard, out)
		p.err = cmd.Wait()
		close(p.ended)
	}()
	t.Cleanup(func() { p.kill(t) })
	return p
}

// kill sends SIGKILL to the process and waits for it to be gone.
func (p *proc) kill(t *testing.T) {
	select {
	case <-p.ended:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	p.wait(t, 10*time.Second)
}

// stop asks the process to end (SIGTERM) and waits for it.
func (p *proc) stop(t *testing.T) error {
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	return p.wait(t, 30*time.Second)
}

// wait waits at most limit for the process to end and returns how it
// ended.
func (p *proc) wait(t *testing.T, limit time.Duration) error {
	t.Helper()
	select {
	case <-p.ended:
		return p.err
	case <-time.After(limit):
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
		t.Fatalf("%s still running after %s", filepath.Base(p.cmd.Path), limit)
		return nil
	}
}

// waitReady waits until base answers /readyz with 200.
func waitReady(t *testing.T, base string) {
	t.Helper()
	client := &http.Client{Timeout: time.Second}
	require.Eventually(t, func() bool {
		res, err := client.Get(base + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	}, 30*time.Second, 50*time.Millisecond, "%s/readyz never answered 200", base)
}

// bannerURL reads the address `contactd dev` prints when it is ready.
func bannerURL(line string) (string, bool) {
	_, after, ok := strings.Cut(line, "(development) is ready: ")
	return strings.TrimSpace(after), ok
}

// await waits for ctx-free conditions that a process reaches on its own.
func await(t *testing.T, what string, limit time.Duration, cond func() (bool, error)) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	defer cancel()
	for {
		ok, err := cond()
		require.NoError(t, err, what)
		if ok {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s: not within %s", what, limit)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// runCommand runs a command to its end, within a minute, and returns its
// output.
func runCommand(t *testing.T, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	return string(out), err
}

func itoa(n int) string { return strconv.Itoa(n) }
