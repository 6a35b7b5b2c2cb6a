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
	VCMPPD  $3, Y4, Y4, Y5      // lanes where u is NaN: only from a g
	VPTEST  Y5, Y5              // that is NaN or infinite, which
	JNZ     done                // StepOnePass leaves to updateOnePass

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

// func updateAVX512(x, g, acc []float64, negLR, eps, wd float64, mode uint64) int
//
// updateAVX eight coordinates at a time, in the same registers widened to
// Z, with the NaN tests in mask registers (K1, K2). It uses AVX-512F only.
TEXT ·updateAVX512(SB), NOSPLIT, $0-112
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVQ         g_base+24(FP), SI
	MOVQ         acc_base+48(FP), DX
	VBROADCASTSD negLR+72(FP), Z14
	VBROADCASTSD eps+80(FP), Z15
	VBROADCASTSD wd+88(FP), Z12
	MOVQ         mode+96(FP), BX
	XORQ         AX, AX
	ANDQ         $~7, CX

	VPXORQ       Z10, Z10, Z10
	MOVQ         $0x3FF0000000000000, R8 // 1.0
	MOVQ         R8, X11
	VBROADCASTSD X11, Z11

	// Z13 is -0.0 in every lane when NEGATE is set, else 0: XOR flips g.
	VPXORQ Z13, Z13, Z13
	TESTQ  $NEGATE, BX
	JZ     zloop
	MOVQ   $0x8000000000000000, R8
	MOVQ   R8, X13
	VBROADCASTSD X13, Z13

zloop:
	CMPQ    AX, CX
	JGE     zdone
	VMOVUPD (SI)(AX*8), Z0 // g
	VMOVUPD (DX)(AX*8), Z1 // acc
	VMOVUPD (DI)(AX*8), Z6 // x
	TESTQ   $(L2|DECAY), BX
	JZ      zsquare
	VPXORQ  Z13, Z0, Z0    // g = -g for maximize
	TESTQ   $DECAY, BX
	JNZ     zdecay
	TESTQ   $FUSED, BX
	JNZ     zl2fused
	VMULPD  Z12, Z6, Z7
	VADDPD  Z7, Z0, Z0     // g += wd*x, two roundings
	JMP     zsquare

zl2fused:
	VFMADD231PD Z12, Z6, Z0 // g += wd*x, one rounding
	JMP         zsquare

zdecay:
	VMULPD Z12, Z6, Z7     // x*wd
	VMULPD Z14, Z7, Z7     // (x*wd)*(-lr)
	VADDPD Z7, Z6, Z6      // x -= x*wd*lr
	VSUBPD Z6, Z6, Z7      // NaN where the decay overflowed x
	VCMPPD   $3, Z7, Z7, K1
	KORTESTW K1, K1
	JNZ      zdone

zsquare:
	TESTQ  $FUSED, BX
	JNZ    zaccfused
	VMULPD Z0, Z0, Z2
	VADDPD Z2, Z1, Z1 // a = acc + g*g, two roundings
	JMP    zdenominator

zaccfused:
	VFMADD231PD Z0, Z0, Z1 // a = acc + g*g, one rounding

zdenominator:
	TESTQ   $(INSIDE|OPTAX), BX
	JNZ     zunder
	VSQRTPD Z1, Z3
	VADDPD  Z15, Z3, Z3 // d = sqrt(a) + eps
	JMP     zstep

zunder:
	VADDPD  Z15, Z1, Z3
	VSQRTPD Z3, Z3 // d = sqrt(a + eps)
	TESTQ   $OPTAX, BX
	JNZ     zoptax

zstep:
	TESTQ   $SPARSE, BX
	JNZ     zsparse
	VMULPD  Z14, Z0, Z4    // -lr*g
	VDIVPD  Z3, Z4, Z4     // u = -lr*g / d
	VCMPPD   $3, Z4, Z4, K1 // lanes where u is NaN
	KORTESTW K1, K1
	JNZ      zdone
	JMP     zstore

zsparse:
	VDIVPD      Z3, Z0, Z4     // q = g/d
	VCMPPD      $3, Z4, Z4, K1 // lanes where q is NaN
	KORTESTW    K1, K1
	JNZ         zdone
	VFMADD231PD Z14, Z4, Z6    // x += -lr*q, one rounding
	JMP         zstorex

zoptax:
	VDIVPD  Z3, Z11, Z3         // r = 1/sqrt(a + eps)
	VCMPPD  $0x1E, Z10, Z1, K2  // a > 0
	VPXORQ  Z5, Z5, Z5
	VMOVAPD Z3, K2, Z5          // r where a > 0, else 0
	VMOVAPD Z5, Z3
	VMULPD  Z0, Z3, Z4          // r*g
	VMULPD  Z14, Z4, Z4         // u = -lr*(r*g)
	VCMPPD   $3, Z4, Z4, K1     // lanes where u is NaN (see updateAVX)
	KORTESTW K1, K1
	JNZ      zdone

zstore:
	VADDPD  Z4, Z6, Z6 // x + u

zstorex:
	VMOVUPD Z1, (DX)(AX*8)
	VMOVUPD Z6, (DI)(AX*8)
	ADDQ    $8, AX
	JMP     zloop

zdone:
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
