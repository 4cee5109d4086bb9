// A sample host page for the embedded studio. The studio sits in an iframe on this page's own
// folder; `?parent=` tells it which origin may drive it (this page's). Everything else is
// postMessage: messages to the studio go to its origin only, and messages from it are accepted
// only from that origin.
(function () {
  const frame = document.getElementById('studio');
  const studioUrl = new URL('./index.html', location.href);
  studioUrl.searchParams.set('embed', '1');
  studioUrl.searchParams.set('parent', location.origin);
  for (const d of new URLSearchParams(location.search).getAll('data'))
    studioUrl.searchParams.append('data', d);
  frame.src = studioUrl.href;
  const studioOrigin = studioUrl.origin;
  const log = document.getElementById('log');

  /** What the studio said, newest last (also read by the browser test). */
  const received = [];
  window.addEventListener('message', (e) => {
    if (e.origin !== studioOrigin || e.source !== frame.contentWindow) return;
    if (!e.data || typeof e.data.type !== 'string') return;
    received.push(e.data);
    const short =
      e.data.type === 'segment-studio:assignment'
        ? { ...e.data, rows: `${e.data.rows.length} rows` }
        : e.data;
    log.textContent += `${JSON.stringify(short)}\n`;
  });

  function send(message, transfer) {
    frame.contentWindow.postMessage(message, studioOrigin, transfer || []);
  }

  const host = {
    received,
    sendData(name, buffer) {
      send({ type: 'segment-studio:load-data', name, data: buffer }, [buffer]);
    },
    sendConfig(config) {
      send({ type: 'segment-studio:config', config });
    },
    requestAssignment(requestId) {
      send({ type: 'segment-studio:get-assignment', requestId });
    },
  };
  window.segmentStudioHost = host;

  document.getElementById('file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (file) host.sendData(file.name, await file.arrayBuffer());
  });
  document.getElementById('send-config').addEventListener('click', () => {
    const text = prompt('Paste a segmentation.json');
    if (text) host.sendConfig(text);
  });
  document
    .getElementById('get-assignment')
    .addEventListener('click', () => host.requestAssignment(String(Date.now())));
})();
