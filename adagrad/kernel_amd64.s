//go:build !purego

#include "textflag.h"

// func updateAVX(x, g, acc []float64, negLR, eps float64, inside bool) int
TEXT ·updateAVX(SB), NOSPLIT, $0-104
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVQ         g_base+24(FP), SI
	MOVQ         acc_base+48(FP), DX
	VBROADCASTSD negLR+72(FP), Y14
	VBROADCASTSD eps+80(FP), Y15
	MOVBQZX      inside+88(FP), BX
	XORQ         AX, AX
	ANDQ         $~3, CX

loop:
	CMPQ    AX, CX
	JGE     done
	VMOVUPD (SI)(AX*8), Y0     // g
	VMOVUPD (DX)(AX*8), Y1     // acc
	VMULPD  Y0, Y0, Y2         // g*g
	VADDPD  Y2, Y1, Y1         // a = acc + g*g
	TESTQ   BX, BX
	JNZ     under
	VSQRTPD Y1, Y3
	VADDPD  Y15, Y3, Y3        // d = sqrt(a) + eps
	JMP     step

under:
	VADDPD  Y15, Y1, Y3
	VSQRTPD Y3, Y3             // d = sqrt(a + eps)

step:
	VMULPD  Y14, Y0, Y4        // -lr*g
	VDIVPD  Y3, Y4, Y4         // u = -lr*g / d
	VCMPPD  $3, Y4, Y4, Y5     // lanes where u is NaN
	VPTEST  Y5, Y5
	JNZ     done
	VMOVUPD Y1, (DX)(AX*8)
	VMOVUPD (DI)(AX*8), Y6
	VADDPD  Y4, Y6, Y6         // x + u
	VMOVUPD Y6, (DI)(AX*8)
	ADDQ    $4, AX
	JMP     loop

done:
	VZEROUPPER
	MOVQ AX, ret+96(FP)
	RET
