// Package schemas holds the JSON Schema (draft 2020-12) documents for every
// body the customers API and the sandbox controls return, and validates
// bodies against them.
//
// Each body schema is one file, NAME.json, whose $id is BaseURL + NAME.json,
// and NAME is what [Validate] takes. The files refer to each other by
// relative references ("customer.json", "defs.json#/$defs/timestamp") that
// resolve against each file's $id, so they also work when the files are
// served together under BaseURL. defs.json holds the string rules the
// bodies share (timestamps, phone numbers, ids) and describes no body, so
// [Names] leaves it out.
//
// Every object schema lists all of its properties in "required" and sets
// "additionalProperties": false, because the API always sends every
// attribute (null when unset) and nothing else. A nullable attribute has the
// type ["string", "null"] and takes its string rules from defs.json through
// a "$ref" beside that type.
//
// Adding a schema takes one file: put NAME.json in this directory with its
// $id, a title and at least one valid body under "examples". The tests
// compile it, check these conventions and validate the examples.
package schemas
