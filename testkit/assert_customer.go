package testkit

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// attribute returns one attribute of the current customer; a missing key
// is an error, null is (nil, nil).
func (s *scenario) attribute(name string) (any, error) {
	if s.customer == nil {
		return nil, fmt.Errorf("no response carried a customer yet")
	}
	v, ok := s.customer[name]
	if !ok {
		return nil, fmt.Errorf("the customer has no attribute %q: %s", name, jsonText(s.customer))
	}
	return v, nil
}

// customerAttributeIs checks a string attribute. The expected value takes
// the placeholders of bodies, so "{country}" is the template's country.
func (s *scenario) customerAttributeIs(name, want string) error {
	expanded, err := s.expand(want, false)
	if err != nil {
		return err
	}
	want = expanded.text

	v, err := s.attribute(name)
	if err != nil {
		return err
	}
	if got, ok := v.(string); !ok || got != want {
		return fmt.Errorf("the customer's %q is %s, want %q", name, jsonText(v), want)
	}
	return nil
}

func (s *scenario) customerAttributeIsNull(name string) error {
	v, err := s.attribute(name)
	if err != nil {
		return err
	}
	if v != nil {
		return fmt.Errorf("the customer's %q is %s, want null", name, jsonText(v))
	}
	return nil
}

func (s *scenario) customerAttributeIsSet(name string) error {
	v, err := s.attribute(name)
	if err != nil {
		return err
	}
	if v == nil {
		return fmt.Errorf("the customer's %q is null, want a value", name)
	}
	return nil
}

func (s *scenario) customerAttributeIsPhone(name string) error {
	phone, err := s.currentPhone()
	if err != nil {
		return err
	}
	return s.customerAttributeIs(name, phone)
}

func (s *scenario) customerAttributeMatches(name, pattern string) error {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return fmt.Errorf("%q is not a regular expression: %v", pattern, err)
	}
	v, err := s.attribute(name)
	if err != nil {
		return err
	}
	if got, ok := v.(string); !ok || !re.MatchString(got) {
		return fmt.Errorf("the customer's %q is %s, want a string matching %s", name, jsonText(v), pattern)
	}
	return nil
}

func (s *scenario) customerAttributesEqual(name, other string) error {
	a, err := s.attribute(name)
	if err != nil {
		return err
	}
	b, err := s.attribute(other)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(a, b) {
		return fmt.Errorf("the customer's %q is %s and its %q is %s, want them equal",
			name, jsonText(a), other, jsonText(b))
	}
	return nil
}

// customerTime parses a timestamp attribute.
func (s *scenario) customerTime(name string) (time.Time, error) {
	v, err := s.attribute(name)
	if err != nil {
		return time.Time{}, err
	}
	text, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("the customer's %q is %s, want a timestamp", name, jsonText(v))
	}
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return time.Time{}, fmt.Errorf("the customer's %q is %q, not an RFC 3339 time", name, text)
	}
	return t, nil
}

// customerTimeAfter checks that one timestamp is exactly d after another.
func (s *scenario) customerTimeAfter(name, d, other string) error {
	want, err := time.ParseDuration(d)
	if err != nil {
		return fmt.Errorf("%q is not a Go duration like \"5m\"", d)
	}
	a, err := s.customerTime(name)
	if err != nil {
		return err
	}
	b, err := s.customerTime(other)
	if err != nil {
		return err
	}
	if got := a.Sub(b); got != want {
		return fmt.Errorf("the customer's %q is %s after its %q, want %s", name, got, other, want)
	}
	return nil
}

// rememberedAttribute returns the attribute of the remembered customer.
func (s *scenario) rememberedAttribute(name string) (any, error) {
	if s.remembered == nil {
		return nil, fmt.Errorf(`no customer was remembered; add "I remember the customer" first`)
	}
	v, ok := s.remembered[name]
	if !ok {
		return nil, fmt.Errorf("the remembered customer has no attribute %q", name)
	}
	return v, nil
}

// attributeThenAndNow returns the attribute of the remembered customer and
// of the current one.
func (s *scenario) attributeThenAndNow(name string) (before, now any, err error) {
	if before, err = s.rememberedAttribute(name); err != nil {
		return nil, nil, err
	}
	if now, err = s.attribute(name); err != nil {
		return nil, nil, err
	}
	return before, now, nil
}

func (s *scenario) attributeUnchanged(name string) error {
	before, now, err := s.attributeThenAndNow(name)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(before, now) {
		return fmt.Errorf("the customer's %q changed from %s to %s, want it unchanged", name, jsonText(before), jsonText(now))
	}
	return nil
}

func (s *scenario) attributeChanged(name string) error {
	before, now, err := s.attributeThenAndNow(name)
	if err != nil {
		return err
	}
	if reflect.DeepEqual(before, now) {
		return fmt.Errorf("the customer's %q is still %s, want it changed", name, jsonText(now))
	}
	return nil
}

func (s *scenario) customerUnchanged() error {
	if s.remembered == nil {
		return fmt.Errorf(`no customer was remembered; add "I remember the customer" first`)
	}
	if s.customer == nil {
		return fmt.Errorf("no response carried a customer yet")
	}
	if !reflect.DeepEqual(s.remembered, s.customer) {
		return fmt.Errorf("the customer is %s, want it unchanged from %s", jsonText(s.customer), jsonText(s.remembered))
	}
	return nil
}

// customerHasAttributes checks that each comma-separated name is present,
// null or not.
func (s *scenario) customerHasAttributes(names string) error {
	for name := range strings.SplitSeq(names, ",") {
		if _, err := s.attribute(strings.TrimSpace(name)); err != nil {
			return err
		}
	}
	return nil
}
