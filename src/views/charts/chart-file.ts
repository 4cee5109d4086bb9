/** A chart on screen as a standalone SVG file, or as a PNG picture of it. */

/** Style properties copied onto each element, so the file looks as the chart does on screen. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
];

/**
 * The SVG's markup with its computed styles inlined and its size fixed, ready to save. A chart
 * that draws its points on a canvas under the SVG (the scatter) passes it as `underlay`: the
 * points go into the file as a picture beneath the axes.
 */
export function svgText(svg: SVGSVGElement, underlay?: HTMLCanvasElement | null): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [clone, ...clone.querySelectorAll('*')];
  from.forEach((el, i) => {
    const style = getComputedStyle(el);
    const css = STYLE_PROPS.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';');
    (to[i] as SVGElement).setAttribute('style', css);
  });
  const { width, height } = size(svg);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', 'white');
  if (underlay) {
    const image = document.createElementNS('http://www.w3.org/2000/svg', 'image');
    image.setAttribute('href', underlay.toDataURL('image/png'));
    image.setAttribute('width', String(width));
    image.setAttribute('height', String(height));
    clone.prepend(image);
  }
  clone.prepend(background);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

function size(svg: SVGSVGElement): { width: number; height: number } {
  const box = svg.getBoundingClientRect();
  return {
    width: Math.round(box.width) || Number(svg.getAttribute('width')) || 640,
    height: Math.round(box.height) || Number(svg.getAttribute('height')) || 400,
  };
}

/** The chart drawn into a PNG at `scale` times its size on screen. */
export async function pngBlob(
  svg: SVGSVGElement,
  scale = 2,
  underlay?: HTMLCanvasElement | null,
): Promise<Blob> {
  const { width, height } = size(svg);
  const url = URL.createObjectURL(new Blob([svgText(svg, underlay)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw into a canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('the picture could not be made'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
