import type { BrowserContext } from 'playwright-core'

/**
 * A short real WebM (VP8) video, made by Chromium itself: frames drawn on a canvas and recorded with
 * MediaRecorder. No video file ships with the repository or the machine (no ffmpeg), and a generated
 * clip is one the browser certainly plays.
 */
export async function recordWebmClip (context: BrowserContext, frames = 30): Promise<Buffer> {
  const page = await context.newPage()
  try {
    const bytes = await page.evaluate(async (count) => {
      const canvas = document.createElement('canvas')
      canvas.width = 64
      canvas.height = 48
      const g = canvas.getContext('2d')
      if (g == null) throw new Error('no 2d canvas')
      const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm;codecs=vp8' })
      const chunks: Blob[] = []
      recorder.ondataavailable = (e) => { chunks.push(e.data) }
      const stopped = new Promise(resolve => { recorder.onstop = resolve })
      recorder.start()
      // frames are drawn at the capture rate: the recorder samples the canvas in real time
      await new Promise<void>(resolve => {
        let i = 0
        const timer = setInterval(() => {
          g.fillStyle = `hsl(${(i * 12) % 360} 80% 50%)`
          g.fillRect(0, 0, 64, 48)
          g.fillStyle = '#fff'
          g.fillRect((i * 2) % 64, 20, 8, 8)
          if (++i >= count) { clearInterval(timer); resolve() }
        }, 40)
      })
      recorder.stop()
      await stopped
      return [...new Uint8Array(await new Blob(chunks).arrayBuffer())]
    }, frames)
    return Buffer.from(bytes)
  } finally {
    await page.close()
  }
}
