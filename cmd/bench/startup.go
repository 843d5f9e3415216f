package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

// measureStartup starts and stops each server runs times, alternating, and
// returns the times from process start to the first 200 on /healthz.
func measureStartup(ctx context.Context, procs *processes, specs []serverSpec, runs int, progress io.Writer) ([]startupResult, error) {
	results := make([]startupResult, len(specs))
	for i, spec := range specs {
		results[i].Server = spec.name
	}

	for range runs {
		for i, spec := range specs {
			srv, err := procs.start(ctx, spec)
			if err != nil {
				return results, fmt.Errorf("start-up time: %w", err)
			}
			procs.stop(srv)
			results[i].Millis = append(results[i].Millis, float64(srv.ready)/float64(time.Millisecond))
		}
	}

	for i := range results {
		results[i].MedianMillis = median(results[i].Millis)
		fmt.Fprintf(progress, "start-up  %-9s median %.1f ms over %d starts\n", results[i].Server, results[i].MedianMillis, runs)
	}
	return results, nil
}
