package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/dirtylemon/api-sandbox/cmd/bench/workload"
)

const (
	// readyTimeout bounds the wait for a started server's first 200 on /healthz.
	readyTimeout = 10 * time.Second
	// readyPollInterval is the gap between /healthz probes while a server starts;
	// it is also the resolution of the start-up time.
	readyPollInterval = 500 * time.Microsecond
	// stopTimeout is how long a server gets to exit after SIGTERM before SIGKILL.
	stopTimeout = 5 * time.Second
	// startAttempts covers the rare case of another process taking the free
	// port between the probe and the server's own listen.
	startAttempts = 3
)

// serverSpec names a server binary and its arguments before --addr.
type serverSpec struct {
	name string // "reference" or "sandbox"
	argv []string
}

// server is one running server process.
type server struct {
	name    string
	baseURL string
	pid     int
	ready   time.Duration // from process start to the first 200 on /healthz
	logPath string

	cmd    *exec.Cmd
	exited chan struct{}
	once   sync.Once
}

// processes tracks every started server so all are stopped on exit, also on
// error.
type processes struct {
	mu      sync.Mutex
	running map[*server]bool
}

func newProcesses() *processes {
	return &processes{running: map[*server]bool{}}
}

// start launches spec on a free loopback port and waits until it is healthy.
func (p *processes) start(ctx context.Context, spec serverSpec) (*server, error) {
	var lastErr error
	for range startAttempts {
		s, err := p.startOnce(ctx, spec)
		if err == nil {
			return s, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
	}
	return nil, lastErr
}

func (p *processes) startOnce(ctx context.Context, spec serverSpec) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)

	logFile, err := os.CreateTemp("", "bench-"+spec.name+"-*.log")
	if err != nil {
		return nil, fmt.Errorf("create log file for %s: %w", spec.name, err)
	}
	defer logFile.Close()

	args := append(append([]string{}, spec.argv[1:]...), "--addr", addr)
	cmd := exec.Command(spec.argv[0], args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	setParentDeathSignal(cmd)

	begin := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s (%s): %w", spec.name, spec.argv[0], err)
	}
	s := &server{name: spec.name, baseURL: "http://" + addr, pid: cmd.Process.Pid, logPath: logFile.Name(), cmd: cmd, exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(s.exited) }()
	p.track(s, true)

	if err := s.waitReady(ctx, begin); err != nil {
		p.stop(s)
		return nil, err
	}
	return s, nil
}

// waitReady polls /healthz until it returns 200, the process exits or the
// time runs out.
func (s *server) waitReady(ctx context.Context, begin time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	api := workload.NewAPI(s.baseURL, 1)
	defer api.Close()

	for {
		if api.Healthy(ctx) {
			s.ready = time.Since(begin)
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("%s exited before returning 200 on /healthz; its output:\n%s", s.name, tailOfFile(s.logPath, 2000))
		case <-ctx.Done():
			return fmt.Errorf("%s did not return 200 on /healthz within %v; its output:\n%s", s.name, readyTimeout, tailOfFile(s.logPath, 2000))
		case <-time.After(readyPollInterval):
		}
	}
}

// stop ends the server: SIGTERM, then SIGKILL after stopTimeout. Its log file
// is removed. Calling it twice is safe.
func (p *processes) stop(s *server) {
	s.once.Do(func() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(stopTimeout):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
		_ = os.Remove(s.logPath)
		p.track(s, false)
	})
}

// stopAll stops every server still running.
func (p *processes) stopAll() {
	p.mu.Lock()
	var left []*server
	for s := range p.running {
		left = append(left, s)
	}
	p.mu.Unlock()

	for _, s := range left {
		p.stop(s)
	}
}

func (p *processes) track(s *server, running bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if running {
		p.running[s] = true
	} else {
		delete(p.running, s)
	}
}

// freePort returns a loopback port that the kernel reports free.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port on 127.0.0.1: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tailOfFile returns up to the last n bytes of a file, for error messages.
func tailOfFile(path string, n int64) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "(output unavailable: " + err.Error() + ")"
	}
	if int64(len(data)) > n {
		data = data[int64(len(data))-n:]
	}
	text := strings.TrimSpace(string(data))
	if text == "" {
		return "(no output)"
	}
	return text
}

// errServerExited marks a load run whose server died.
var errServerExited = errors.New("server process exited")

// alive returns errServerExited once the process has exited.
func (s *server) alive() error {
	select {
	case <-s.exited:
		return fmt.Errorf("%s: %w; its output:\n%s", s.name, errServerExited, tailOfFile(s.logPath, 2000))
	default:
		return nil
	}
}
