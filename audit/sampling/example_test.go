package sampling_test

import (
	"fmt"

	"contactd/audit/sampling"
)

// The job's life cycle for one period: size the sample, draw it with a
// stored seed, and state the adviser's verdicts.
func Example() {
	n, err := sampling.AttributeSampleSize(0.95, 0.05, 0)
	if err != nil {
		panic(err)
	}
	items := []sampling.Item{{ID: 1, Stratum: "ann"}, {ID: 2, Stratum: "bob"}, {ID: 3, Stratum: "ann"}}
	n = sampling.FinitePopulation(n, len(items))
	drawn := sampling.Draw(items, n, 20260101)
	fmt.Println(n, drawn)

	statement, err := sampling.Summary(0, 59, 0.95)
	if err != nil {
		panic(err)
	}
	fmt.Println(statement.Text("en"))
	// Output:
	// 3 [1 2 3]
	// 0 of 59 unjustified: with 95% confidence fewer than 4.96% of the period's consultations were unjustified
}

func ExampleAttributeSampleSize() {
	for _, errors := range []int{0, 1, 2} {
		n, _ := sampling.AttributeSampleSize(0.95, 0.05, errors)
		fmt.Printf("%d deviation(s) allowed: review %d\n", errors, n)
	}
	// Output:
	// 0 deviation(s) allowed: review 59
	// 1 deviation(s) allowed: review 93
	// 2 deviation(s) allowed: review 124
}

func ExampleClopperPearsonUpper() {
	upper, _ := sampling.ClopperPearsonUpper(1, 59, 0.95)
	fmt.Printf("1 of 59: at most %.4f\n", upper)
	// Output: 1 of 59: at most 0.0779
}
