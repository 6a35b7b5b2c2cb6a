//go:build !purego

#include "textflag.h"

// Bits of mode; see vectorMode in kernel.go.
#define INSIDE 1
#define FUSED 2
#define L2 4
#define NEGATE 8
#define DECAY 16
#define OPTAX 32
#define SPARSE 64

// func updateAVX(x, g, acc []float64, negLR, eps, wd float64, mode uint64) int
//
// Registers: Y0 g, Y1 acc, Y6 x, Y3 denominator, Y4 step; constants Y10 0,
// Y11 1, Y12 wd, Y13 the sign flip of g, Y14 -lr, Y15 eps.
TEXT ·updateAVX(SB), NOSPLIT, $0-112
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVQ         g_base+24(FP), SI
	MOVQ         acc_base+48(FP), DX
	VBROADCASTSD negLR+72(FP), Y14
	VBROADCASTSD eps+80(FP), Y15
	VBROADCASTSD wd+88(FP), Y12
	MOVQ         mode+96(FP), BX
	XORQ         AX, AX
	ANDQ         $~3, CX

	VXORPD       Y10, Y10, Y10
	MOVQ         $0x3FF0000000000000, R8 // 1.0
	MOVQ         R8, X11
	VBROADCASTSD X11, Y11

	// Y13 is -0.0 in every lane when NEGATE is set, else 0: XOR flips g.
	VXORPD Y13, Y13, Y13
	TESTQ  $NEGATE, BX
	JZ     loop
	MOVQ   $0x8000000000000000, R8
	MOVQ   R8, X13
	VBROADCASTSD X13, Y13

loop:
	CMPQ    AX, CX
	JGE     done
	VMOVUPD (SI)(AX*8), Y0 // g
	VMOVUPD (DX)(AX*8), Y1 // acc
	VMOVUPD (DI)(AX*8), Y6 // x
	TESTQ   $(L2|DECAY), BX
	JZ      square
	VXORPD  Y13, Y0, Y0    // g = -g for maximize
	TESTQ   $DECAY, BX
	JNZ     decay
	TESTQ   $FUSED, BX
	JNZ     l2fused
	VMULPD  Y12, Y6, Y7
	VADDPD  Y7, Y0, Y0     // g += wd*x, two roundings
	JMP     square

l2fused:
	VFMADD231PD Y12, Y6, Y0 // g += wd*x, one rounding
	JMP         square

decay:
	VMULPD Y12, Y6, Y7     // x*wd
	VMULPD Y14, Y7, Y7     // (x*wd)*(-lr)
	VADDPD Y7, Y6, Y6      // x -= x*wd*lr
	VSUBPD Y6, Y6, Y7      // NaN where the decay overflowed x
	VCMPPD $3, Y7, Y7, Y7
	VPTEST Y7, Y7
	JNZ    done

square:
	TESTQ  $FUSED, BX
	JNZ    accfused
	VMULPD Y0, Y0, Y2
	VADDPD Y2, Y1, Y1 // a = acc + g*g, two roundings
	JMP    denominator

accfused:
	VFMADD231PD Y0, Y0, Y1 // a = acc + g*g, one rounding

denominator:
	TESTQ   $(INSIDE|OPTAX), BX
	JNZ     under
	VSQRTPD Y1, Y3
	VADDPD  Y15, Y3, Y3 // d = sqrt(a) + eps
	JMP     step

under:
	VADDPD  Y15, Y1, Y3
	VSQRTPD Y3, Y3 // d = sqrt(a + eps)
	TESTQ   $OPTAX, BX
	JNZ     optax

step:
	TESTQ   $SPARSE, BX
	JNZ     sparse
	VMULPD  Y14, Y0, Y4    // -lr*g
	VDIVPD  Y3, Y4, Y4     // u = -lr*g / d
	VCMPPD  $3, Y4, Y4, Y5 // lanes where u is NaN
	VPTEST  Y5, Y5
	JNZ     done
	JMP     store

sparse:
	VDIVPD      Y3, Y0, Y4     // q = g/d
	VCMPPD      $3, Y4, Y4, Y5 // lanes where q is NaN
	VPTEST      Y5, Y5
	JNZ         done
	VFMADD231PD Y14, Y4, Y6    // x += -lr*q, one rounding
	JMP         storex

optax:
	VDIVPD  Y3, Y11, Y3         // r = 1/sqrt(a + eps)
	VCMPPD  $0x1E, Y10, Y1, Y5  // a > 0
	VANDPD  Y5, Y3, Y3          // r = 0 where a is 0
	VMULPD  Y0, Y3, Y4          // r*g
	VMULPD  Y14, Y4, Y4         // u = -lr*(r*g)

store:
	VADDPD  Y4, Y6, Y6 // x + u

storex:
	VMOVUPD Y1, (DX)(AX*8)
	VMOVUPD Y6, (DI)(AX*8)
	ADDQ    $4, AX
	JMP     loop

done:
	VZEROUPPER
	MOVQ AX, ret+104(FP)
	RET

// func anyNonFiniteAVX(g []float64) bool
//
// Reports whether g holds a NaN or an infinity, sixteen values at a time:
// v*0 is 0 for a finite v and NaN otherwise, and a sum of them is NaN if
// any is. len(g) must be a multiple of 16.
TEXT ·anyNonFiniteAVX(SB), NOSPLIT, $0-25
	MOVQ   g_base+0(FP), SI
	MOVQ   g_len+8(FP), CX
	XORQ   AX, AX
	VXORPD Y8, Y8, Y8
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3

scan:
	CMPQ   AX, CX
	JGE    sum
	VMULPD (SI)(AX*8), Y8, Y4
	VMULPD 32(SI)(AX*8), Y8, Y5
	VMULPD 64(SI)(AX*8), Y8, Y6
	VMULPD 96(SI)(AX*8), Y8, Y7
	VADDPD Y4, Y0, Y0
	VADDPD Y5, Y1, Y1
	VADDPD Y6, Y2, Y2
	VADDPD Y7, Y3, Y3
	ADDQ   $16, AX
	JMP    scan

sum:
	VADDPD Y1, Y0, Y0
	VADDPD Y3, Y2, Y2
	VADDPD Y2, Y0, Y0
	VCMPPD $3, Y0, Y0, Y0 // unordered: NaN
	VPTEST Y0, Y0
	SETNE  ret+24(FP)
	VZEROUPPER
	RET
