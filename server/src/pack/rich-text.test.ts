import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isRichTextEmpty, renderRichText } from './rich-text.js';

/** A fragment in a doc, filled by `fill` (elements must be in a doc before their content is read). */
function fragmentWith(fill: (fragment: Y.XmlFragment) => void): Y.XmlFragment {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('content');
  fill(fragment);
  return fragment;
}

function el(name: string, children: (Y.XmlElement | Y.XmlText)[] = [], attributes: Record<string, unknown> = {}): Y.XmlElement {
  const element = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value as string);
  element.insert(0, children);
  return element;
}

function txt(text: string): Y.XmlText {
  return new Y.XmlText(text);
}

const options = { tableCaption: (n: number) => `Table ${n} of Our purpose` };

describe('renderRichText', () => {
  it('renders paragraphs, headings in order below the given level, lists and quotes', () => {
    const fragment = fragmentWith((f) =>
      f.insert(0, [
        el('heading', [txt('Aims')], { level: 3 }),
        el('paragraph', [txt('We will help.')]),
        el('heading', [txt('Detail')], { level: 4 }),
        el('bulletList', [el('listItem', [el('paragraph', [txt('one')])]), el('listItem', [el('paragraph', [txt('two')])])]),
        el('orderedList', [el('listItem', [el('paragraph', [txt('first')])])], { start: 3 }),
        el('blockquote', [el('paragraph', [txt('quoted')])]),
        el('horizontalRule'),
        el('codeBlock', [txt('a < b')]),
      ]),
    );
    expect(renderRichText(fragment, { ...options, headingLevel: 4 })).toBe(
      '<h4 class="rich-heading">Aims</h4><p>We will help.</p><h5 class="rich-heading">Detail</h5>' +
        '<ul><li><p>one</p></li><li><p>two</p></li></ul><ol start="3"><li><p>first</p></li></ol>' +
        '<blockquote><p>quoted</p></blockquote><hr><pre><code>a &lt; b</code></pre>',
    );
  });

  it('renders task lists with a drawn box and words for the state', () => {
    const fragment = fragmentWith((f) =>
      f.insert(0, [
        el('taskList', [el('taskItem', [el('paragraph', [txt('Agree the list')])], { checked: true }), el('taskItem', [el('paragraph', [txt('Name leads')])], { checked: false })]),
      ]),
    );
    const html = renderRichText(fragment, options);
    expect(html).toMatch(/^<ul class="tasks"><li class="task"><svg[^>]*aria-hidden="true"/);
    expect(html).toContain('<span class="task__state">Done:</span> <div class="task__text"><p>Agree the list</p></div>');
    expect(html).toContain('<span class="task__state">To do:</span> <div class="task__text"><p>Name leads</p></div>');
  });

  it('renders tables with a caption, header cells with scope, and spans', () => {
    const fragment = fragmentWith((f) =>
      f.insert(0, [
        el('table', [
          el('tableRow', [el('tableHeader', [el('paragraph', [txt('Who')])]), el('tableHeader', [el('paragraph', [txt('What')])])]),
          el('tableRow', [el('tableHeader', [el('paragraph', [txt('GP')])]), el('tableCell', [el('paragraph', [txt('Reviews')])], { colspan: 2 })]),
        ]),
        el('table', [el('tableRow', [el('tableCell', [el('paragraph', [txt('x')])], { rowspan: 'evil" onclick="x' })])]),
      ]),
    );
    expect(renderRichText(fragment, options)).toBe(
      '<table class="rich-table"><caption>Table 1 of Our purpose</caption><thead><tr><th scope="col"><p>Who</p></th><th scope="col"><p>What</p></th></tr></thead>' +
        '<tbody><tr><th scope="row"><p>GP</p></th><td colspan="2"><p>Reviews</p></td></tr></tbody></table>' +
        '<table class="rich-table"><caption>Table 2 of Our purpose</caption><tbody><tr><td><p>x</p></td></tr></tbody></table>',
    );
  });

  it('renders marks, and links as text with their address; unsafe links lose the link', () => {
    const fragment = fragmentWith((f) => {
      const text = new Y.XmlText();
      f.insert(0, [el('paragraph', [text])]);
      text.applyDelta([
        { insert: 'bold', attributes: { bold: {} } },
        { insert: ' and ' },
        { insert: 'ONS', attributes: { link: { href: 'https://www.ons.gov.uk/' }, italic: {} } },
        { insert: ' and ' },
        { insert: 'click me', attributes: { link: { href: 'javascript:alert(1)' } } },
        { insert: ' mail', attributes: { link: { href: 'mailto:team@example.org' } } },
        { insert: ' noted', attributes: { 'comment--abc': { id: 'abc' } } },
      ]);
    });
    expect(renderRichText(fragment, options)).toBe(
      '<p><strong>bold</strong> and <a href="https://www.ons.gov.uk/"><em>ONS</em></a> <span class="link-address">(https://www.ons.gov.uk/)</span>' +
        ' and click me<a href="mailto:team@example.org"> mail</a> <span class="link-address">(team@example.org)</span> noted</p>',
    );
  });

  it('escapes every text, and shows an image by its description without loading it', () => {
    const fragment = fragmentWith((f) =>
      f.insert(0, [el('paragraph', [txt('<img src=x onerror=alert(1)> & "quotes"')]), el('image', [], { src: 'https://example.invalid/i.png', alt: '<b>Map</b>' }), el('script', [txt('alert(1)')])]),
    );
    const html = renderRichText(fragment, options);
    expect(html).toBe('<p>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;</p><p class="muted">[Image: &lt;b&gt;Map&lt;/b&gt;]</p>alert(1)');
    expect(html).not.toContain('example.invalid');
  });

  it('survives hostile nesting, showing deep content as plain text', () => {
    const fragment = fragmentWith((f) => {
      let inner = el('paragraph', [txt('deep <b>text</b>')]);
      for (let i = 0; i < 200; i++) inner = el('blockquote', [inner]);
      f.insert(0, [inner]);
    });
    const html = renderRichText(fragment, options);
    expect(html).toContain('deep &lt;b&gt;text&lt;/b&gt;');
    expect(html).not.toContain('<b>');
  });

  it('tells an empty fragment from one with text', () => {
    expect(isRichTextEmpty(fragmentWith((f) => f.insert(0, [el('paragraph', [txt('  ')])])))).toBe(true);
    expect(isRichTextEmpty(fragmentWith((f) => f.insert(0, [el('bulletList', [el('listItem', [el('paragraph', [txt('x')])])])])))).toBe(false);
  });
});
