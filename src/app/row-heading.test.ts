import { describe, expect, it } from 'vitest'
import { rowHeading } from './row-heading.ts'

describe('rowHeading', () => {
  it('shows where a redirect went instead of its title', () => {
    expect(rowHeading({ url: 'http://a.test/old', title: '302 Found', type: 'other', location: 'https://a.test/new' })).toBe('→ https://a.test/new')
  })

  it('shows a title, else a resource\'s file name, else the URL', () => {
    expect(rowHeading({ url: 'http://a.test/', title: 'Home', type: 'page' })).toBe('Home')
    expect(rowHeading({ url: 'http://a.test/about', type: 'page' })).toBe('http://a.test/about')
    expect(rowHeading({ url: 'https://a.test/f/Open%20Sans.ttf?v=2', type: 'font' })).toBe('Open Sans.ttf')
    expect(rowHeading({ url: 'https://a.test/f/100%.css', type: 'stylesheet' })).toBe('100%.css')
    expect(rowHeading({ url: 'https://a.test/', type: 'other' })).toBe('https://a.test/')
  })
})
