import { describe, expect, it } from 'vitest';
import { isAppUrl, isLoopbackOrigin } from '../../src/main/security/trusted-url';

describe('isAppUrl (IPC sender and navigation guard)', () => {
  const app = 'keel://app';

  it.each(['keel://app/index.html', 'keel://app/', 'keel://app/assets/x.js?v=1#top'])('When the URL is the app (%s), then it is trusted', (url) => {
    expect(isAppUrl(url, app)).toBe(true);
  });

  it.each([
    ['another host on the scheme', 'keel://app.evil.example/index.html'],
    ['a host that merely starts like the app', 'keel://appx/'],
    ['credentials in the URL', 'keel://user:pw@app/index.html'],
    ['file://', 'file:///etc/passwd'],
    ['a web page naming the app in its query', 'https://evil.example/?keel://app/'],
    ['a web page naming the app in its path', 'https://evil.example/keel://app/'],
    ['a data: URL', 'data:text/html,<script>1</script>'],
    ['javascript:', 'javascript:alert(1)'],
    ['an empty string', ''],
    ['garbage', 'not a url'],
  ])('When the URL is %s, then it is refused', (_what, url) => {
    expect(isAppUrl(url, app)).toBe(false);
  });

  it.each([undefined, null, 42, {}, ['keel://app/'], { toString: () => 'keel://app/' }])('When the value is not a string (%s), then it is refused', (value) => {
    expect(isAppUrl(value, app)).toBe(false);
  });

  it('When the app is served over http on a port, then only that exact host and port are trusted', () => {
    const origin = 'http://127.0.0.1:5180';
    expect(isAppUrl('http://127.0.0.1:5180/index.html', origin)).toBe(true);
    expect(isAppUrl('http://127.0.0.1:5181/index.html', origin)).toBe(false);
    expect(isAppUrl('https://127.0.0.1:5180/index.html', origin)).toBe(false);
    expect(isAppUrl('http://127.0.0.1.evil.example:5180/', origin)).toBe(false);
  });

  it('When a URL is absurdly long, then it is refused without parsing', () => {
    expect(isAppUrl(`keel://app/${'a'.repeat(10_000)}`, app)).toBe(false);
  });
});

describe('isLoopbackOrigin (browser host origin and Host checks)', () => {
  it.each(['http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000'])('When the origin is this machine on our port (%s), then it is allowed', (origin) => {
    expect(isLoopbackOrigin(origin, 4000)).toBe(true);
  });

  it.each([
    ['another port', 'http://127.0.0.1:4001'],
    ['no port', 'http://127.0.0.1'],
    ['another site', 'http://evil.example:4000'],
    ['a rebinding name that resolves to loopback', 'http://127.0.0.1.nip.io:4000'],
    ['https', 'https://127.0.0.1:4000'],
    ['the opaque origin of a sandboxed frame', 'null'],
    ['credentials', 'http://a:b@127.0.0.1:4000'],
  ])('When the origin is %s, then it is refused', (_what, origin) => {
    expect(isLoopbackOrigin(origin, 4000)).toBe(false);
  });

  it('When the origin is not a string, then it is refused', () => {
    expect(isLoopbackOrigin(undefined, 4000)).toBe(false);
    expect(isLoopbackOrigin(['http://127.0.0.1:4000'], 4000)).toBe(false);
  });
});
