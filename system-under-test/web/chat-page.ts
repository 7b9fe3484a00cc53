/** The page shell; its script is the bundled chat-app.ts. */
export const CHAT_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Drill chat</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2433}
header{display:flex;gap:12px;align-items:center;padding:12px 20px;background:#fff;border-bottom:1px solid #e3e6ec}
#status{font-weight:700;padding:2px 10px;border-radius:10px;background:#fff1d6;color:#a15c00}
#status[data-state=live]{background:#e3f5e8;color:#1f7a3a}
#status[data-state=polling]{background:#e5edfd;color:#1d4ed8}
#messages{list-style:none;padding:12px 20px;margin:0;min-height:200px}
#messages li{padding:4px 0;border-bottom:1px solid #eceef2}
form{display:flex;gap:8px;padding:12px 20px}input{flex:1;padding:8px}
</style></head>
<body><header><strong>Room <span id="room"></span></strong><span id="status">Connecting</span></header>
<ul id="messages"></ul>
<form id="composer"><input id="message" autocomplete="off" placeholder="Type a message"><button id="send">Send</button></form>
<script type="module" src="/chat.js"></script>
</body></html>
`;

let bundle: Promise<string> | undefined;

/** The SDK and the page script as one browser bundle, built once per process. */
export function chatBundle(): Promise<string> {
  bundle ??= import('esbuild')
    .then(({ build }) =>
      build({
        entryPoints: [new URL('./chat-app.ts', import.meta.url).pathname],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        minify: true,
        write: false,
        logLevel: 'silent',
      }),
    )
    .then((r) => r.outputFiles[0]!.text);
  return bundle;
}
