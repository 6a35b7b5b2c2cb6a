//go:build !purego

#include "textflag.h"

// func scatterAhead(x, acc, bx, bacc []float64, idx, next []int)
//
// For j < len(idx): x[idx[j]] = bx[j], acc[idx[j]] = bacc[j]; before each,
// while j < len(next), a prefetch of x[next[j]] and acc[next[j]]. The
// caller has checked every index against len(x) <= len(acc), and bx, bacc
// hold len(idx) values.
TEXT ·scatterAhead(SB), NOSPLIT, $0-144
	MOVQ x_base+0(FP), SI
	MOVQ acc_base+24(FP), DI
	MOVQ bx_base+48(FP), R8
	MOVQ bacc_base+72(FP), R9
	MOVQ idx_base+96(FP), BX
	MOVQ idx_len+104(FP), CX
	MOVQ next_base+120(FP), R10
	MOVQ next_len+128(FP), R11
	XORQ DX, DX

loop:
	CMPQ DX, CX
	JGE  done
	CMPQ DX, R11
	JGE  store
	MOVQ (R10)(DX*8), AX
	PREFETCHT0 (SI)(AX*8)
	PREFETCHT0 (DI)(AX*8)

store:
	MOVQ  (BX)(DX*8), AX
	MOVSD (R8)(DX*8), X0
	MOVSD X0, (SI)(AX*8)
	MOVSD (R9)(DX*8), X1
	MOVSD X1, (DI)(AX*8)
	INCQ  DX
	JMP   loop

done:
	RET
