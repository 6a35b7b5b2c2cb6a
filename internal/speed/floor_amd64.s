#include "textflag.h"

// func floorAVX(x, g, acc []float64)
//
// Moves a dense step's bytes, four coordinates at a time as adagrad's
// vector loop does: loads x, g and acc, stores acc+g and x-g. len(x) must
// be a multiple of 4, g and acc at least as long.
TEXT ·floorAVX(SB), NOSPLIT, $0-72
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ acc_base+48(FP), DX
	XORQ AX, AX

loop:
	CMPQ    AX, CX
	JGE     done
	VMOVUPD (SI)(AX*8), Y0
	VMOVUPD (DX)(AX*8), Y1
	VMOVUPD (DI)(AX*8), Y2
	VADDPD  Y0, Y1, Y1
	VSUBPD  Y0, Y2, Y2
	VMOVUPD Y1, (DX)(AX*8)
	VMOVUPD Y2, (DI)(AX*8)
	ADDQ    $4, AX
	JMP     loop

done:
	VZEROUPPER
	RET
