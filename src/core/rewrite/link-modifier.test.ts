import { describe, expect, it } from 'vitest'
import { linkModifier, linkParam } from './link-modifier.ts'

describe('linkModifier', () => {
  it.each([
    ['stylesheet', '', 'cs_'],
    ['alternate  Stylesheet', '', 'cs_'],
    ['preload', 'style', 'cs_'],
    ['modulepreload', '', 'js_'],
    ['preload', 'script', 'js_'],
    ['prefetch', 'worker', 'js_'],
    ['shortcut icon', '', 'im_'],
    ['apple-touch-icon-precomposed', '', 'im_'],
    ['mask-icon', '', 'im_'],
    ['image_src', '', 'im_'],
    ['preload', 'font', 'im_'],
    ['preload', 'IMAGE', 'im_'],
    ['preload', '', 'oe_'],
    ['prefetch', 'fetch', 'oe_'],
    ['canonical', '', 'mp_'],
    ['', '', 'mp_'],
    ['iconic', '', 'mp_']
  ])('rel=%j as=%j is %s', (rel, as, modifier) => {
    expect(linkModifier(rel, as)).toBe(modifier)
  })
})

describe('linkParam', () => {
  it('reads quoted and bare values, case-insensitively, and nothing else', () => {
    const params = '; REL="preload stylesheet"; as=style; crossorigin'
    expect(linkParam(params, 'rel')).toBe('preload stylesheet')
    expect(linkParam(params, 'as')).toBe('style')
    expect(linkParam(params, 'type')).toBe('')
    expect(linkParam('; rel=icon', 'rel')).toBe('icon')
  })
})
