// One playground's worker: it runs the page's Go module (compiled once by
// page.js and sent here with the playground's name and canvas), which then
// takes every further message itself.
"use strict";
importScripts("wasm_exec.js");
onmessage = async (e) => {
	onmessage = null;
	globalThis.adagradStart = e.data;
	try {
		const go = new Go();
		const instance = await WebAssembly.instantiate(e.data.module, go.importObject);
		go.run(instance);
	} catch (err) {
		postMessage({type: "error", message: "the Go module did not start: " + err});
	}
};
