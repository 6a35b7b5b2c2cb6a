// The page's only script. It compiles the Go module once, starts one Web
// Worker per playground to run it, and binds each control to it: a move
// shows the control's new value at once and sends every control's
// position; the module draws the picture and returns its caption. At most
// one move per playground is on its way: moves made meanwhile are sent as
// one, the newest, when the picture comes back.
//
// Each picture that answers a move is timed from the move's input event to
// the next animation frame after it arrived, as a performance measure
// "adagrad <name>: input to picture" whose detail has the time to its
// arrival and the module's own time (the browser test reads them).
"use strict";

const status = document.getElementById("status");
function fail(message) {
	status.textContent = message;
	status.hidden = false;
}

async function compile() {
	const response = fetch("playground.wasm");
	try {
		return await WebAssembly.compileStreaming(response);
	} catch (e) {
		// A static host that does not send application/wasm.
		const r = await response;
		if (!r.ok) throw new Error("playground.wasm: " + r.status + " " + r.statusText);
		return WebAssembly.compile(await r.arrayBuffer());
	}
}

function start(section, module) {
	const name = section.dataset.playground;
	const canvas = section.querySelector("canvas");
	const readout = section.querySelector(".readout");
	const took = section.querySelector(".took");
	const inputs = [...section.querySelectorAll("[data-labels]")];
	const labels = inputs.map(el => JSON.parse(el.dataset.labels));
	const replay = section.querySelector("button.replay");

	const worker = new Worker("worker.js");
	const init = {module, name, width: canvas.width, height: canvas.height};
	const transfer = [];
	if (canvas.transferControlToOffscreen) {
		init.canvas = canvas.transferControlToOffscreen();
		transfer.push(init.canvas);
	}
	const ctx = init.canvas ? null : canvas.getContext("2d");
	worker.postMessage(init, transfer);

	let ready = false, seq = 0, sent = 0, busy = false;
	const inputAt = new Map(); // move number -> its input event's time
	const send = () => {
		busy = true;
		sent = seq;
		worker.postMessage({type: "move", seq, pos: inputs.map(el => Number(el.value))});
	};
	const answered = () => {
		busy = false;
		if (seq > sent) send();
	};
	inputs.forEach((el, k) => {
		const show = () => {
			const out = section.querySelector(`output[for="${el.id}"]`);
			const label = labels[k][Number(el.value)] ?? el.value;
			if (out) out.textContent = label;
			if (el.type === "range") el.setAttribute("aria-valuetext", label);
		};
		el.addEventListener("input", ev => {
			show();
			inputAt.set(++seq, ev.timeStamp);
			if (ready && !busy) send();
		});
	});
	replay.addEventListener("click", () => worker.postMessage({type: "replay"}));

	worker.onmessage = e => {
		const m = e.data;
		switch (m.type) {
		case "ready": {
			const names = m.controls.map(c => c.name + "/" + c.len).join(", ");
			const page = inputs.map((el, k) => el.dataset.control + "/" + labels[k].length).join(", ");
			if (names !== page) {
				fail(`This page and its Go module come from different versions of the project (${page} against ${names}): run "adagrad web" again.`);
				worker.terminate();
				return;
			}
			ready = true;
			replay.disabled = false;
			if (seq > sent) send();
			break;
		}
		case "picture": {
			if (m.pix) ctx.putImageData(new ImageData(m.pix, m.rect[2], m.rect[3]), m.rect[0], m.rect[1]);
			readout.textContent = m.caption;
			canvas.setAttribute("aria-label", canvas.dataset.what + " " + m.caption);
			took.textContent = `Adagrad run and drawn in ${m.ms.toFixed(1)} ms`;
			section.dataset.frame = m.frame;
			if (m.frame === 1) performance.mark(`adagrad ${name}: first picture`);
			const t = inputAt.get(m.seq);
			if (busy && m.seq === sent) {
				inputAt.delete(m.seq);
				if (t !== undefined) {
					const drawn = performance.now();
					requestAnimationFrame(() => performance.measure(`adagrad ${name}: input to picture`,
						{start: t, end: performance.now(), detail: {frame: m.frame, drawn: drawn - t, module: m.ms}}));
				}
				answered();
			}
			break;
		}
		case "idle":
			if (busy && m.seq === sent) answered();
			break;
		case "error":
			fail(`The ${name} playground failed: ${m.message}`);
			break;
		}
	};
	worker.onerror = e => fail(`The ${name} playground failed: ${e.message}`);
}

(async () => {
	if (!("WebAssembly" in globalThis) || !("Worker" in globalThis)) {
		fail("This browser runs no WebAssembly in workers: the playgrounds need it.");
		return;
	}
	let module;
	try {
		module = await compile();
	} catch (e) {
		fail("The Go module did not load: " + e.message);
		return;
	}
	for (const section of document.querySelectorAll("section[data-playground]")) start(section, module);
})();
