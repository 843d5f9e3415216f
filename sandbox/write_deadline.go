package sandbox

import (
	"errors"
	"net/http"
	"time"
)

// writeMargin is the time a response that waited on purpose gets to be
// written once its wait ends.
const writeMargin = 10 * time.Second

// extendWriteDeadline lets a response that waits for d on purpose, a
// long-poll or a fault's delay, be written after the wait whatever the
// server's write timeout, which would otherwise close the connection
// first and leave the client an empty reply. The returned func clears the
// deadline when the request ends. Without that, a server with no write
// timeout, which never sets a deadline itself, would keep this one on the
// connection and fail its next requests.
func extendWriteDeadline(w http.ResponseWriter, d time.Duration) (restore func()) {
	rc := http.NewResponseController(w)
	if err := rc.SetWriteDeadline(time.Now().Add(d + writeMargin)); errors.Is(err, http.ErrNotSupported) {
		return func() {}
	}
	return func() { _ = rc.SetWriteDeadline(time.Time{}) }
}
