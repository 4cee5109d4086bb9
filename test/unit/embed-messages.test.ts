import { describe, expect, it } from 'vitest';
import { parentOrigins, readHostMessage } from '../../src/lib/embed/messages';

describe('the embedding API’s messages', () => {
  it('reads each message a host may send', () => {
    const data = new ArrayBuffer(3);
    expect(readHostMessage({ type: 'segment-studio:load-data', name: ' a.csv ', data })).toEqual({
      type: 'segment-studio:load-data',
      name: 'a.csv',
      data,
    });
    expect(readHostMessage({ type: 'segment-studio:load-url', url: 'x.csv' })).toEqual({
      type: 'segment-studio:load-url',
      url: 'x.csv',
    });
    expect(readHostMessage({ type: 'segment-studio:get-assignment', requestId: 'r1' })).toEqual({
      type: 'segment-studio:get-assignment',
      requestId: 'r1',
    });
  });

  it('ignores traffic not meant for the studio, and says what is wrong with what is', () => {
    expect(readHostMessage('hello')).toBeNull();
    expect(readHostMessage({ type: 'other-app:ping' })).toBeNull();
    expect(
      readHostMessage({ type: 'segment-studio:load-data', name: 'a.csv', data: 'abc' }),
    ).toEqual({
      error: 'load-data needs the file’s bytes as an ArrayBuffer in `data`',
    });
    expect(readHostMessage({ type: 'segment-studio:run', sql: 'DROP TABLE t' })).toEqual({
      error: 'unknown message type "segment-studio:run"',
    });
  });

  it('takes host origins from ?parent= and the build, dropping what is not an origin', () => {
    expect(
      parentOrigins(
        ['https://a.example/page, javascript:alert(1)', 'nonsense', 'https://b.example'],
        ['https://built.example'],
      ),
    ).toEqual(['https://built.example', 'https://a.example', 'https://b.example']);
  });
});
