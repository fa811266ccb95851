import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AnswerMarkdown, appPath } from './answer-markdown';

const render = (text: string) => renderToStaticMarkup(createElement(AnswerMarkdown, { text }));

describe('AnswerMarkdown: untrusted text stays inert', () => {
  it('shows an image as its alt text and never asks for it', () => {
    const html = render('Your parcel: ![tracking pixel](http://127.0.0.1:3444/pixel.png) and ![](https://cdn.example/a.png)');
    expect(html).not.toMatch(/<img|pixel\.png|cdn\.example/);
    expect(html).toContain('Image: tracking pixel');
    expect(html).toContain('Image not shown');
  });

  it('shows raw HTML images and pictures as text too', () => {
    const html = render('<img src="https://evil.example/x.png" alt="x"> <picture><source srcset="https://evil.example/y.png"></picture>');
    expect(html).not.toMatch(/<img|<source|evil\.example/);
  });

  it("keeps the app's own links clickable", () => {
    const html = render('See [the run](/runs/wrun_123?x=1#top).');
    expect(html).toMatch(/<a [^>]*href="\/runs\/wrun_123\?x=1#top"/);
  });

  it('puts a web link behind the confirm dialog: no href in the page', () => {
    const html = render('Track it [here](https://evil.example/track) or at https://other.example/x');
    expect(html).not.toMatch(/href="https?:/);
    expect(html).toMatch(/<button[^>]*data-streamdown="link"[^>]*>here<\/button>/);
  });

  it('shows any other link as plain text, or as a path of this app', () => {
    for (const text of ['[call](javascript:alert(1))', '[mail](mailto:a@b.example)', '[x](//evil.example/a)', '[x](/\\evil.example/a)', '<a href="data:text/html,hi">x</a>']) {
      const html = render(text);
      expect(html, text).not.toMatch(/javascript:|data:|mailto:|<button/);
      // The sanitizer makes `//host/a` into `/a` and escapes the backslash: both stay on this origin.
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(new URL(href!, 'http://app.test').origin, text).toBe('http://app.test');
    }
  });

  it('still renders ordinary markdown', () => {
    const html = render('**Order #1007** has shipped.\n\n- one\n- two\n\n`code`');
    expect(html).toContain('Order #1007');
    expect(html).toMatch(/<li/);
  });
});

describe('appPath', () => {
  it('takes rooted paths of this app only', () => {
    expect(appPath('/chat/1')).toBe('/chat/1');
    expect(appPath('//evil.example/x')).toBeNull();
    expect(appPath('/\\evil.example')).toBeNull();
    expect(appPath('https://evil.example')).toBeNull();
    expect(appPath('runs/1')).toBeNull();
  });
});
