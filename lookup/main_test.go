package lookup_test

import (
	"testing"

	"contactd/internal/testdb"
)

// TestMain starts the throwaway PostgreSQL the service tests use.
func TestMain(m *testing.M) { testdb.Main(m) }
