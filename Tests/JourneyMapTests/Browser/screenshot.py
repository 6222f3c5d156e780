"""The README's picture of `journeymap serve`: a map, a step selected with the capture panel
open, and the agenda beside it. Writes docs/serve.png (and docs/serve-projector.png):

    python3 Tests/JourneyMapTests/Browser/screenshot.py .build/debug/journeymap
"""
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_browser as sb  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
directory = tempfile.mkdtemp(prefix="journeymap-shot-")
os.makedirs(os.path.join(directory, "maps"))
shutil.copy(os.path.join(root, "maps/faulty-product.journey"), os.path.join(directory, "maps"))
server = sb.Server(os.path.abspath(sys.argv[1]), "maps", cwd=directory)
driver = sb.browser(1600, 1000)
try:
    driver.get(server.url + "map/0")
    sb.wait_loaded(driver)
    sb.wait_for(lambda: driver.execute_script("return window.journeymap.slidesShown > 0"), 20)
    driver.find_element(By.ID, "agenda-toggle").click()
    sb.click_step(driver, "call")
    driver.find_element(By.ID, "remark-text").send_keys("Staff: callers hang up after 10 minutes")
    driver.execute_script("document.getElementById('journey-view').scrollLeft = 700;"
                          "window.scrollTo(0, 430)")
    time.sleep(0.3)
    os.makedirs(os.path.join(root, "docs"), exist_ok=True)
    driver.save_screenshot(os.path.join(root, "docs/serve.png"))
finally:
    driver.quit()
projector = sb.browser(1920, 1080)
try:
    projector.get(server.url + "map/0")
    sb.wait_loaded(projector)
    sb.wait_for(lambda: projector.execute_script("return window.journeymap.slidesShown > 0"), 20)
    body = projector.find_element(By.TAG_NAME, "body")
    body.send_keys("p")
    for _ in range(3):
        body.send_keys(sb.Keys.PAGE_DOWN)
    time.sleep(0.3)
    projector.save_screenshot(os.path.join(root, "docs/serve-projector.png"))
finally:
    projector.quit()
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)
