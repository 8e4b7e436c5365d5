// The offline copy's stand-in for Web Workers (sitebuild/offline.py puts it in every page).
//
// Opened from disk (file://), a page may not start a Worker: Chromium refuses a worker script
// from a file:// URL. Material's search runs in a worker, so this replaces `Worker` on such
// pages with an object that runs the worker's script in a hidden <iframe srcdoc>, which shares
// the page's origin, and passes the messages both ways. Over http(s) it does nothing.
"use strict";
(function () {
  if (location.protocol !== "file:") {
    return;
  }

  class FrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.pending = [];
      this.scope = null;
      const frame = document.createElement("iframe");
      frame.hidden = true;
      frame.setAttribute("aria-hidden", "true");
      frame.tabIndex = -1;
      frame.worker = this;
      const script = new URL(url, location.href).href.replace(/"/g, "%22");
      // First the worker's globals (postMessage back to the page), then its script, then the
      // messages the page sent while the frame was loading.
      frame.srcdoc =
        "<script>const host = frameElement.worker;" +
        "self.postMessage = (data) => host.receive(data);</script>" +
        `<script src="${script}"></script>` +
        "<script>frameElement.worker.started(self);</script>";
      this.frame = frame;
      document.documentElement.appendChild(frame);
    }

    started(scope) {
      this.scope = scope;
      this.pending.splice(0).forEach((data) => this.postMessage(data));
    }

    postMessage(data) {
      if (this.scope === null) {
        this.pending.push(data);
        return;
      }
      const event = new this.scope.MessageEvent("message", { data: structuredClone(data) });
      setTimeout(() => this.scope.dispatchEvent(event));
    }

    receive(data) {
      const event = new MessageEvent("message", { data: structuredClone(data) });
      setTimeout(() => {
        this.dispatchEvent(event);
        if (typeof this.onmessage === "function") {
          this.onmessage(event);
        }
      });
    }

    terminate() {
      this.frame.remove();
      this.scope = null;
    }
  }

  window.Worker = FrameWorker;
})();
