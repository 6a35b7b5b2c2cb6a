package adagrad

import "math/bits"

// PyTorch adds the values of a sparse gradient's repeated indices when it
// coalesces it, in the order its sort of the indices leaves them. Below
// 32,768 values that sort is C++'s std::sort as GNU's libstdc++ implements
// it (introsort: median-of-three quicksort, heapsort past a depth limit,
// insertion sort below 16 elements), which does not keep equal indices in
// the order given; from 32,768 values PyTorch 2 sorts with a stable radix
// sort. Since float addition is not associative, the order changes the
// sums' last bits, so the PyTorch form repeats that sort exactly.

// pyTorchStableFrom is where PyTorch 2's sort of a sparse gradient's
// indices turns stable: at.internal.GRAIN_SIZE, from which it uses FBGEMM's
// radix sort (PyTorch 1.13 used std::sort at every length).
const pyTorchStableFrom = 32768

// sortThreshold is libstdc++'s _S_threshold: introsort leaves runs of at
// most this many elements to the final insertion sort.
const sortThreshold = 16

// keyOrder sorts positions by key with the exact sequence of comparisons
// and moves of libstdc++'s std::sort, so that positions with equal keys
// end in the order it leaves them. pos[i] is the position whose key is
// key[i]; both are permuted together, as PyTorch's sort permutes an index
// tensor with the keys.
type keyOrder struct {
	key []int
	pos []int
}

func (s *keyOrder) less(i, j int) bool { return s.key[i] < s.key[j] }

func (s *keyOrder) swap(i, j int) {
	s.key[i], s.key[j] = s.key[j], s.key[i]
	s.pos[i], s.pos[j] = s.pos[j], s.pos[i]
}

// sort is std::sort(first, last).
func (s *keyOrder) sort() {
	n := len(s.key)
	if n == 0 {
		return
	}
	s.introsort(0, n, 2*(bits.Len(uint(n))-1))
	s.finalInsertionSort(0, n)
}

// introsort is std::__introsort_loop.
func (s *keyOrder) introsort(first, last, depth int) {
	for last-first > sortThreshold {
		if depth == 0 {
			s.heapSort(first, last)
			return
		}
		depth--
		cut := s.partitionPivot(first, last)
		s.introsort(cut, last, depth)
		last = cut
	}
}

// partitionPivot is std::__unguarded_partition_pivot: the median of the
// second, middle and last elements moved to first, then partitioned about.
func (s *keyOrder) partitionPivot(first, last int) int {
	mid := first + (last-first)/2
	s.moveMedianToFirst(first, first+1, mid, last-1)
	return s.unguardedPartition(first+1, last, first)
}

func (s *keyOrder) moveMedianToFirst(result, a, b, c int) {
	switch {
	case s.less(a, b):
		switch {
		case s.less(b, c):
			s.swap(result, b)
		case s.less(a, c):
			s.swap(result, c)
		default:
			s.swap(result, a)
		}
	case s.less(a, c):
		s.swap(result, a)
	case s.less(b, c):
		s.swap(result, c)
	default:
		s.swap(result, b)
	}
}

func (s *keyOrder) unguardedPartition(first, last, pivot int) int {
	for {
		for s.less(first, pivot) {
			first++
		}
		last--
		for s.less(pivot, last) {
			last--
		}
		if first >= last {
			return first
		}
		s.swap(first, last)
		first++
	}
}

// finalInsertionSort is std::__final_insertion_sort.
func (s *keyOrder) finalInsertionSort(first, last int) {
	if last-first > sortThreshold {
		s.insertionSort(first, first+sortThreshold)
		for i := first + sortThreshold; i < last; i++ {
			s.linearInsert(i)
		}
		return
	}
	s.insertionSort(first, last)
}

// insertionSort is std::__insertion_sort: an element smaller than the
// first moves to the front at once, the others step back one by one.
func (s *keyOrder) insertionSort(first, last int) {
	if first == last {
		return
	}
	for i := first + 1; i < last; i++ {
		if s.less(i, first) {
			k, p := s.key[i], s.pos[i]
			copy(s.key[first+1:i+1], s.key[first:i])
			copy(s.pos[first+1:i+1], s.pos[first:i])
			s.key[first], s.pos[first] = k, p
		} else {
			s.linearInsert(i)
		}
	}
}

// linearInsert is std::__unguarded_linear_insert.
func (s *keyOrder) linearInsert(last int) {
	k, p := s.key[last], s.pos[last]
	next := last - 1
	for k < s.key[next] {
		s.key[last], s.pos[last] = s.key[next], s.pos[next]
		last = next
		next--
	}
	s.key[last], s.pos[last] = k, p
}

// heapSort is std::__partial_sort(first, last, last): make_heap, then
// sort_heap, as libstdc++ writes them.
func (s *keyOrder) heapSort(first, last int) {
	n := last - first
	if n < 2 {
		return
	}
	for parent := (n - 2) / 2; ; parent-- {
		k, p := s.key[first+parent], s.pos[first+parent]
		s.adjustHeap(first, parent, n, k, p)
		if parent == 0 {
			break
		}
	}
	for last-first > 1 {
		last--
		// __pop_heap(first, last, last)
		k, p := s.key[last], s.pos[last]
		s.key[last], s.pos[last] = s.key[first], s.pos[first]
		s.adjustHeap(first, 0, last-first, k, p)
	}
}

// adjustHeap is std::__adjust_heap with std::__push_heap, placing the
// element (k, p) from hole in the heap of n elements at first.
func (s *keyOrder) adjustHeap(first, hole, n, k, p int) {
	top, child := hole, hole
	for child < (n-1)/2 {
		child = 2 * (child + 1)
		if s.less(first+child, first+child-1) {
			child--
		}
		s.key[first+hole], s.pos[first+hole] = s.key[first+child], s.pos[first+child]
		hole = child
	}
	if n&1 == 0 && child == (n-2)/2 {
		child = 2 * (child + 1)
		s.key[first+hole], s.pos[first+hole] = s.key[first+child-1], s.pos[first+child-1]
		hole = child - 1
	}
	for parent := (hole - 1) / 2; hole > top && s.key[first+parent] < k; parent = (hole - 1) / 2 {
		s.key[first+hole], s.pos[first+hole] = s.key[first+parent], s.pos[first+parent]
		hole = parent
	}
	s.key[first+hole], s.pos[first+hole] = k, p
}
