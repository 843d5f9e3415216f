package testkit

import (
	"fmt"
	"net/http"

	"github.com/cucumber/godog"

	"github.com/dirtylemon/api-sandbox/schemas"
)

// defaultKeyPrefix starts the per-scenario API keys when Config.APIKey is
// empty.
const defaultKeyPrefix = "contract"

// Config is the description of the target that the steps work from.
type Config struct {
	// BaseURL is the API root, for example "http://127.0.0.1:8080".
	BaseURL string

	// APIKey is sent as "Authorization: Bearer KEY"; empty sends none. With
	// PerScenarioKeys it is the prefix of each scenario's key.
	APIKey string

	// PerScenarioKeys gives each scenario its own key, APIKey (or
	// "contract") plus "-" and random letters. Against a target with
	// tenants that isolates scenarios, which makes concurrency safe.
	PerScenarioKeys bool

	// TokenSource finds confirmation tokens; nil makes the steps that need
	// one fail with a message saying so.
	TokenSource TokenSource

	// Phones hands out fresh phone numbers. Share one generator between
	// scenarios so numbers stay unique within a run; nil makes one per
	// scenario from DefaultPhoneTemplate.
	Phones *PhoneGenerator

	// HTTPClient sends the requests; nil uses NewHTTPClient.
	HTTPClient *http.Client

	// Validator checks every response body; nil uses schemas.Validate.
	Validator Validator

	// StrictSchemas checks every scenario's bodies the way @assumed
	// scenarios are checked: error bodies of the API against the error
	// schema and customers against the closed customer schema. Set it when
	// the target is this project's sandbox, whose shapes are its own
	// design. The runner sets it for the sandbox it starts in-process.
	StrictSchemas bool
}

// ScenarioInitializer fills in the defaults of cfg once, so every scenario
// shares one phone generator and HTTP client, and returns a godog scenario
// initializer that registers the steps.
func ScenarioInitializer(cfg Config) (func(*godog.ScenarioContext), error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	return func(sc *godog.ScenarioContext) {
		RegisterSteps(sc, cfg)
	}, nil
}

// withDefaults returns a copy of cfg with the nil fields set.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.BaseURL == "" {
		return cfg, fmt.Errorf("testkit config: BaseURL is empty; set it to the API root, like http://127.0.0.1:8080")
	}
	if cfg.Phones == nil {
		phones, err := NewPhoneGenerator(DefaultPhoneTemplate)
		if err != nil {
			return cfg, err
		}
		cfg.Phones = phones
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = NewHTTPClient()
	}
	return cfg, nil
}

// validator returns cfg.Validator, or schemas.Validate when it is nil.
func (cfg Config) validator() Validator {
	if cfg.Validator != nil {
		return cfg.Validator
	}
	return schemas.Validate
}
