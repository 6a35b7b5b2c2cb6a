package sliders

import (
	"fmt"
	"os"
	"time"

	"github.com/janpfeifer/gonb/gonbui/dom"
)

// NoFrontEndEnv names the environment variable that, set to 1, tells a
// Panel there is no browser to wait for: it draws its picture once and
// returns at once. scripts/run-notebooks sets it for nbconvert. Without it
// a Panel still finds out, by asking the page (see Panel.Wait): about 5 s
// with no page, GoNB's 3 s attempt to connect one and Panel.Wait; but GoNB
// leaves the script it sends to connect the page in the saved notebook.
const NoFrontEndEnv = "ADAGRAD_NO_FRONTEND"

// DefaultWait is how long a Panel waits for the page's answer once GoNB has
// passed its question on.
const DefaultWait = 2 * time.Second

// gonbConnectWait is how long GoNB waits for a page to connect before it
// gives up and passes the next output on (its WaitForConnectionTimeout);
// a question that took most of it to pass on found no page.
const gonbConnectWait = 3 * time.Second

// frontEnd asks the page to send "probe" to address, which the caller has
// subscribed to, and reports whether it answered within wait, whether the
// reader interrupted the kernel meanwhile, and whether GoNB found no page
// to connect (it held the question back for its whole connection wait).
//
// The question is a line of JavaScript. GoNB passes it on only after it has
// tried to connect the page (the subscription, or comms.Start, asked for
// that): at once if the page is connected already, after at most 3 seconds
// if no page is there. gonbui.Sync returns when GoNB has passed it on, so
// the wait starts from there; an open page answers in milliseconds. In the
// page, the line waits up to 10 s for GoNB's connection object, which a
// retry may bring back.
func frontEnd(address string, answered <-chan struct{}, interrupt <-chan os.Signal, wait time.Duration) (ok, interrupted, noPage bool) {
	start := time.Now()
	dom.TransientJavascript(fmt.Sprintf(`(() => {
	const t0 = Date.now();
	const ask = () => {
		if (globalThis.gonb_comm) globalThis.gonb_comm.send(%q, "probe");
		else if (Date.now() - t0 < 10000) setTimeout(ask, 100);
	};
	ask();
})();`, address))
	noPage = time.Since(start) > gonbConnectWait*5/6
	select {
	case <-answered:
		return true, false, false
	case <-interrupt:
		return false, true, noPage
	case <-time.After(wait):
		return false, false, noPage
	}
}

// pageShim is JavaScript that readies a page for GoNB's connection script,
// which cannot work as it is sent everywhere Jupyter is served:
//
//   - It names its messages with crypto.randomUUID, which browsers give
//     only to secure contexts (https, or http on localhost or 127.0.0.1):
//     at http://<LAN address> or http://<host name> it throws, and the page
//     never connects. The shim makes randomUUID from crypto.getRandomValues
//     (random version 4 UUIDs), which every context has.
//   - It connects to "ws://" + location.host + "/api/kernels/<id>/channels":
//     behind https the browser refuses ws:// from an https page, and under
//     a base_url (JupyterHub, Binder) the path misses it. The shim makes
//     the page's WebSocket open that address, and that address only, at
//     wss:// under https and under the page's base_url, which the page's
//     Jupyter configuration gives (JupyterLab and Notebook 7:
//     #jupyter-config-data; classic Notebook: body's data-base-url).
//
// Both are kept to the page: nothing is sent anywhere else.
const pageShim = `(() => {
	const c = globalThis.crypto;
	if (c && typeof c.randomUUID !== "function" && typeof c.getRandomValues === "function") {
		c.randomUUID = () => {
			const b = c.getRandomValues(new Uint8Array(16));
			b[6] = (b[6] & 0x0f) | 0x40;
			b[8] = (b[8] & 0x3f) | 0x80;
			const h = [...b].map(x => x.toString(16).padStart(2, "0")).join("");
			return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
		};
	}
	const WS = globalThis.WebSocket;
	if (!WS || WS.adagradShim) return;
	let base = "/";
	try {
		const cfg = document.getElementById("jupyter-config-data");
		base = (cfg ? JSON.parse(cfg.textContent).baseUrl : document.body.dataset.baseUrl) || "/";
	} catch (e) {}
	if (!base.endsWith("/")) base += "/";
	const gonb = "ws://" + location.host + "/api/kernels/";
	const right = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + base + "api/kernels/";
	if (gonb === right) return;
	class Shim extends WS {
		constructor(url, protocols) {
			if (typeof url === "string" && url.startsWith(gonb)) url = right + url.slice(gonb.length);
			super(url, protocols);
		}
	}
	Shim.adagradShim = true;
	globalThis.WebSocket = Shim;
})();`

// preparePage sends pageShim, so that it runs before GoNB's connection
// script, which GoNB sends when the program first asks for the page.
func preparePage() { dom.TransientJavascript(pageShim) }
