package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/dirtylemon/api-sandbox/testkit"
)

// writeSteps prints the step catalogue as plain text or as the Markdown
// page docs/steps.md.
func writeSteps(w io.Writer, format string) error {
	if format == "markdown" {
		return writeStepsMarkdown(w)
	}

	group := ""
	for _, st := range testkit.Steps() {
		if st.Group != group {
			group = st.Group
			fmt.Fprintf(w, "\n%s\n", group)
		}
		fmt.Fprintf(w, "  %s\n      %s\n      %s\n", st.Example, st.Pattern, st.Help)
	}
	return nil
}

// stepsPreamble opens docs/steps.md.
const stepsPreamble = `# Contract suite steps

Every step the contract suite defines, with an example. Feature files under
` + "`--features DIR`" + ` can use any of them; no Go is needed. The page is
generated: run ` + "`go generate ./cmd/contract`" + ` after changing a step.

Any step can follow Given, When, Then, And or But. Values in double quotes
are free text; values between backticks are JSON bodies. Paths and bodies
take these placeholders:

| placeholder | replaced by |
| --- | --- |
| ` + "`{id}`" + ` | the current customer's id |
| ` + "`{phone}`" + ` | the current phone number, in E.164 form |
| ` + "`{new-phone}`" + ` | a fresh number from the phone template, one per request |
| ` + "`{country}`" + ` | the phone template's country code, for example US |
| ` + "`{x*N}`" + ` | the character x repeated N times |
| ` + "`\\xHH`" + ` | the byte with hex value HH, for invalid UTF-8 (bodies only) |

In "written as" patterns each ` + "`#`" + ` takes the next digit of the national
number: ` + "`(###) ###-####`" + ` writes +12025550143 as (202) 555-0143.

The current customer is the one the latest successful response carried. It
is remembered when created and by "I remember the customer"; "unchanged"
steps compare with that copy.

Tags say what a scenario needs; the runner leaves out the ones the target
cannot serve and prints why:

| tag | the scenario |
| --- | --- |
| (none) | checks documented behaviour that must hold on any deployment |
| ` + "`@assumed`" + ` | checks this project's answer where the documentation is silent (status codes, error codes and bodies, normalisation, limits) |
| ` + "`@sandbox`" + ` | needs the /_sandbox controls (outbox, clock, reset, state) with one sandbox per API key |
| ` + "`@token`" + ` | needs a token source to confirm a customer |
| ` + "`@distinct-tokens`" + ` | needs tokens that differ between sends; left out under fixed: |
| ` + "`@token-in-response`" + ` | needs confirmation_token to show the pending token |
| ` + "`@api-key-required`" + ` | needs a target that rejects requests without an API key |
| ` + "`@api-key-list`" + ` | needs a target that rejects API keys it did not issue |
| ` + "`@tenants`" + ` | needs each API key to have its own data |
| ` + "`@real-time-clock`" + ` | needs a new API key's clock to run at real time; left out on a deterministic sandbox |
| ` + "`@us-numbers`" + ` | writes US numbers by hand or sends the country code us; left out when the phone template is not a US range |
`

func writeStepsMarkdown(w io.Writer) error {
	if _, err := io.WriteString(w, stepsPreamble); err != nil {
		return err
	}

	group := ""
	for _, st := range testkit.Steps() {
		if st.Group != group {
			group = st.Group
			fmt.Fprintf(w, "\n## %s\n\n", group)
		}
		fmt.Fprintf(w, "- %s  \n  %s  \n  Pattern: %s\n", codeSpan(st.Example), st.Help, codeSpan(st.Pattern))
	}
	return nil
}

// codeSpan writes s as Markdown inline code. Double backticks with spaces
// let s itself contain single backticks.
func codeSpan(s string) string {
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}
