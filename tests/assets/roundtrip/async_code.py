import asyncio


async def fetch(n):
    async with asyncio.timeout(1):
        await asyncio.sleep(0)
    async for item in agen():
        yield item
    return


async def agen():
    for i in range(3):
        yield i


result = [x async for x in agen()] if False else None
