package sliders

import (
	"fmt"
	"testing"

	"github.com/gonb-tutorials/optimizers/playground"
	"github.com/gonb-tutorials/optimizers/plotting"
)

// BenchmarkRedraw times what the program does for one slider change,
// without GoNB: Adagrad run again, the figure drawn, its PNG encoded and
// wrapped in the HTML that replaces the last one. The learning rate
// alternates, so every iteration runs anew. The rest of the latency (GoNB,
// Jupyter, the browser) is measured by tools/browsertest.
func BenchmarkRedraw(b *testing.B) {
	one, err := playground.NewOneVariable(960, 540)
	if err != nil {
		b.Fatal(err)
	}
	two, err := playground.NewTwoVariables(960, 540)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range []struct {
		name  string
		set   *playground.Settings
		scene Scene
	}{{"x-x³", &one.Settings, one}, {"quadratic", &two.Settings, two}} {
		for _, steps := range []int{10, 1000, 10000} {
			b.Run(fmt.Sprintf("%s/steps=%d", s.name, steps), func(b *testing.B) {
				s.set.Steps = steps
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					s.set.LearningRate = []float64{0.05, 0.5}[i%2]
					img, caption, err := s.scene.Draw()
					if err != nil {
						b.Fatal(err)
					}
					png, err := plotting.PNG(img)
					if err != nil {
						b.Fatal(err)
					}
					_ = figureHTML(i, img, png, caption)
				}
			})
		}
	}
}
