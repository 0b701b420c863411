package faultdrill

import (
	"testing"

	"contactd/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }
