//go:build !purego

#include "textflag.h"

// func updateAVX(x, g, acc []float64, negLR, eps float64) int
TEXT ·updateAVX(SB), NOSPLIT, $0-96
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVQ         g_base+24(FP), SI
	MOVQ         acc_base+48(FP), DX
	VBROADCASTSD negLR+72(FP), Y14
	VBROADCASTSD eps+80(FP), Y15
	XORQ         AX, AX
	ANDQ         $~3, CX

loop:
	CMPQ    AX, CX
	JGE     done
	VMOVUPD (SI)(AX*8), Y0     // g
	VMOVUPD (DX)(AX*8), Y1     // acc
	VMULPD  Y0, Y0, Y2         // g*g
	VADDPD  Y2, Y1, Y1         // a = acc + g*g
	VSQRTPD Y1, Y3
	VADDPD  Y15, Y3, Y3        // d = sqrt(a) + eps
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
	MOVQ AX, ret+88(FP)
	RET

// func updateAVXInside(x, g, acc []float64, negLR, eps float64) int
TEXT ·updateAVXInside(SB), NOSPLIT, $0-96
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVQ         g_base+24(FP), SI
	MOVQ         acc_base+48(FP), DX
	VBROADCASTSD negLR+72(FP), Y14
	VBROADCASTSD eps+80(FP), Y15
	XORQ         AX, AX
	ANDQ         $~3, CX

loopIn:
	CMPQ    AX, CX
	JGE     doneIn
	VMOVUPD (SI)(AX*8), Y0     // g
	VMOVUPD (DX)(AX*8), Y1     // acc
	VMULPD  Y0, Y0, Y2         // g*g
	VADDPD  Y2, Y1, Y1         // a = acc + g*g
	VADDPD  Y15, Y1, Y3        // a + eps
	VSQRTPD Y3, Y3             // d = sqrt(a + eps)
	VMULPD  Y14, Y0, Y4        // -lr*g
	VDIVPD  Y3, Y4, Y4         // u = -lr*g / d
	VCMPPD  $3, Y4, Y4, Y5     // lanes where u is NaN
	VPTEST  Y5, Y5
	JNZ     doneIn
	VMOVUPD Y1, (DX)(AX*8)
	VMOVUPD (DI)(AX*8), Y6
	VADDPD  Y4, Y6, Y6         // x + u
	VMOVUPD Y6, (DI)(AX*8)
	ADDQ    $4, AX
	JMP     loopIn

doneIn:
	VZEROUPPER
	MOVQ AX, ret+88(FP)
	RET
