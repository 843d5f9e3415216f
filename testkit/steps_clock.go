package testkit

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// clockTolerance is how far the sandbox clock may be from the runner's own
// clock plus the expected offset. Both run on one machine or close by.
const clockTolerance = 5 * time.Second

// maxRealWait bounds "I wait", so a scenario cannot stall a run.
const maxRealWait = 5 * time.Second

// postClock sends POST /_sandbox/clock and requires 200.
func (s *scenario) postClock(ctx context.Context, body map[string]any) error {
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	if err := s.send(ctx, Request{Method: http.MethodPost, Path: "/_sandbox/clock", Body: raw}); err != nil {
		return err
	}
	return s.expectStatus(http.StatusOK)
}

func (s *scenario) freezeClock(ctx context.Context) error {
	return s.postClock(ctx, map[string]any{"freeze": true})
}

func (s *scenario) unfreezeClock(ctx context.Context) error {
	return s.postClock(ctx, map[string]any{"freeze": false})
}

func (s *scenario) advanceClock(ctx context.Context, d string) error {
	if _, err := time.ParseDuration(d); err != nil {
		return fmt.Errorf("%q is not a Go duration like \"5m\" or \"4m59.999s\"", d)
	}
	return s.postClock(ctx, map[string]any{"advance": d})
}

func (s *scenario) setClock(ctx context.Context, t string) error {
	if _, err := time.Parse(time.RFC3339Nano, t); err != nil {
		return fmt.Errorf("%q is not an RFC 3339 time like \"2030-01-01T00:00:00Z\"", t)
	}
	return s.postClock(ctx, map[string]any{"set": t})
}

// readClock reads the clock and keeps it for "the clock still reads the
// time I read".
func (s *scenario) readClock(ctx context.Context) error {
	clock, err := s.fetchClock(ctx)
	if err != nil {
		return err
	}
	s.clockRead = clock
	return nil
}

// fetchClock sends GET /_sandbox/clock and decodes it.
func (s *scenario) fetchClock(ctx context.Context) (*Clock, error) {
	if err := s.send(ctx, Request{Method: http.MethodGet, Path: "/_sandbox/clock"}); err != nil {
		return nil, err
	}
	if err := s.expectStatus(http.StatusOK); err != nil {
		return nil, err
	}
	var clock Clock
	if err := s.resp.Decode(&clock); err != nil {
		return nil, err
	}
	return &clock, nil
}

func (s *scenario) clockState(ctx context.Context, state string) error {
	clock, err := s.fetchClock(ctx)
	if err != nil {
		return err
	}
	if clock.Frozen != (state == "frozen") {
		return fmt.Errorf("the clock has frozen %t, want %s: %s", clock.Frozen, state, s.resp)
	}
	return nil
}

func (s *scenario) clockOffsetIs(ctx context.Context, want string) error {
	clock, err := s.fetchClock(ctx)
	if err != nil {
		return err
	}
	if clock.Offset != want {
		return fmt.Errorf("the clock offset is %q, want %q", clock.Offset, want)
	}
	return nil
}

func (s *scenario) clockOffsetIsNegative(ctx context.Context) error {
	clock, err := s.fetchClock(ctx)
	if err != nil {
		return err
	}
	offset, err := time.ParseDuration(clock.Offset)
	if err != nil || offset >= 0 {
		return fmt.Errorf("the clock offset is %q, want a negative Go duration", clock.Offset)
	}
	return nil
}

// clockReadsRealTimePlus checks the clock against the runner's own clock
// moved by offset, within five seconds.
func (s *scenario) clockReadsRealTimePlus(ctx context.Context, offset string) error {
	d, err := time.ParseDuration(offset)
	if err != nil {
		return fmt.Errorf("%q is not a Go duration like \"5m\" or \"-1h\"", offset)
	}
	clock, err := s.fetchClock(ctx)
	if err != nil {
		return err
	}
	want := time.Now().Add(d)
	if diff := clock.Now.Sub(want).Abs(); diff > clockTolerance {
		return fmt.Errorf("the clock reads %s, want %s give or take %s (off by %s)",
			clock.Now.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano), clockTolerance, diff)
	}
	return nil
}

// clockOffsetGrewBy checks that the offset of a running clock is d more
// than when "I read the clock" ran. A running clock keeps its offset until
// a control moves it, so the comparison is exact.
func (s *scenario) clockOffsetGrewBy(ctx context.Context, d string) error {
	want, err := time.ParseDuration(d)
	if err != nil {
		return fmt.Errorf("%q is not a Go duration like \"5m0s\"", d)
	}
	before, err := s.clockReadOffset()
	if err != nil {
		return err
	}
	clock, err := s.fetchClock(ctx)
	if err != nil {
		return err
	}
	now, err := time.ParseDuration(clock.Offset)
	if err != nil {
		return fmt.Errorf("the clock offset %q is not a Go duration: %s", clock.Offset, s.resp)
	}
	if now-before != want {
		return fmt.Errorf("the clock offset went from %s to %s, a change of %s, want %s", before, now, now-before, want)
	}
	return nil
}

// clockWasRead returns the clock "I read the clock" kept.
func (s *scenario) clockWasRead() (*Clock, error) {
	if s.clockRead == nil {
		return nil, fmt.Errorf(`the clock was not read yet; add "I read the clock" first`)
	}
	return s.clockRead, nil
}

// clockThenAndNow returns the clock "I read the clock" kept and the clock
// as it reads now.
func (s *scenario) clockThenAndNow(ctx context.Context) (before, now *Clock, err error) {
	if before, err = s.clockWasRead(); err != nil {
		return nil, nil, err
	}
	if now, err = s.fetchClock(ctx); err != nil {
		return nil, nil, err
	}
	return before, now, nil
}

// clockReadOffset returns the offset of the clock "I read the clock" kept.
func (s *scenario) clockReadOffset() (time.Duration, error) {
	if _, err := s.clockWasRead(); err != nil {
		return 0, err
	}
	offset, err := time.ParseDuration(s.clockRead.Offset)
	if err != nil {
		return 0, fmt.Errorf("the clock offset %q that was read is not a Go duration", s.clockRead.Offset)
	}
	return offset, nil
}

// clockReadsRealTimePlusOffset checks the clock against the runner's own
// clock moved by the offset the sandbox reports.
func (s *scenario) clockReadsRealTimePlusOffset(ctx context.Context) error {
	clock, err := s.fetchClock(ctx)
	if err != nil {
		return err
	}
	return s.clockReadsRealTimePlus(ctx, clock.Offset)
}

// clockBackToStateRead checks that the clock is frozen or running as when
// "I read the clock" ran: a frozen one at the same time, a running one
// with the same offset.
func (s *scenario) clockBackToStateRead(ctx context.Context) error {
	before, clock, err := s.clockThenAndNow(ctx)
	if err != nil {
		return err
	}

	switch {
	case clock.Frozen != before.Frozen:
		return fmt.Errorf("the clock has frozen %t, want %t as it was read: %s", clock.Frozen, before.Frozen, s.resp)
	case clock.Frozen && !clock.Now.Equal(before.Now):
		return fmt.Errorf("the frozen clock reads %s, want %s as it was read",
			clock.Now.Format(time.RFC3339Nano), before.Now.Format(time.RFC3339Nano))
	case !clock.Frozen && clock.Offset != before.Offset:
		return fmt.Errorf("the running clock has the offset %s, want %s as it was read", clock.Offset, before.Offset)
	}
	return nil
}

func (s *scenario) clockReads(ctx context.Context, want string) error {
	wantTime, err := time.Parse(time.RFC3339Nano, want)
	if err != nil {
		return fmt.Errorf("%q is not an RFC 3339 time", want)
	}
	clock, err := s.fetchClock(ctx)
	if err != nil {
		return err
	}
	if !clock.Now.Equal(wantTime) {
		return fmt.Errorf("the clock reads %s, want %s", clock.Now.Format(time.RFC3339Nano), want)
	}
	return nil
}

func (s *scenario) clockStillReadsTimeRead(ctx context.Context) error {
	before, clock, err := s.clockThenAndNow(ctx)
	if err != nil {
		return err
	}
	if !clock.Now.Equal(before.Now) {
		return fmt.Errorf("the clock moved from %s to %s, want it frozen",
			before.Now.Format(time.RFC3339Nano), clock.Now.Format(time.RFC3339Nano))
	}
	return nil
}

// customerTimeIsClock compares a timestamp attribute with the sandbox
// clock, which must be frozen for the comparison to be exact.
func (s *scenario) customerTimeIsClock(ctx context.Context, name string) error {
	got, err := s.customerTime(name)
	if err != nil {
		return err
	}
	clock, err := s.fetchClock(ctx)
	if err != nil {
		return err
	}
	if !got.Equal(clock.Now) {
		return fmt.Errorf("the customer's %q is %s, want the clock time %s",
			name, got.Format(time.RFC3339Nano), clock.Now.Format(time.RFC3339Nano))
	}
	return nil
}

// waitReal sleeps for d, at most five seconds.
func (s *scenario) waitReal(ctx context.Context, d string) error {
	wait, err := time.ParseDuration(d)
	if err != nil || wait < 0 || wait > maxRealWait {
		return fmt.Errorf("%q must be a Go duration from 0 to %s, like \"20ms\"", d, maxRealWait)
	}
	select {
	case <-time.After(wait):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
